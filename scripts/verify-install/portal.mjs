// Step 5: the local cluster (the repository's sandbox, as `yarn start` runs
// it), a Prometheus scraping it, and the fresh app's production backend
// bundle, which serves the fresh app's build.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  prometheusArgs,
  prometheusBinary,
  sandboxFiles,
  sandboxYarnArgs,
} from '../localCluster.mjs';
import { run, start, StepError } from './processes.mjs';
import { scenario } from './fixture.mjs';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Waits until `ready()` is true while `server` runs; fails when it stops first or `boundMs` passes. */
async function waitFor(server, ready, what, boundMs) {
  const deadline = Date.now() + boundMs;
  let stopped = false;
  server.exited.then(() => (stopped = true));
  while (!(await ready())) {
    if (stopped) {
      throw new StepError(
        `${server.what} stopped before ${what} (log ${server.logFile})`,
        server.logFile,
      );
    }
    if (Date.now() > deadline) {
      throw new StepError(
        `${what}: not after ${boundMs / 1000} s (log ${server.logFile})`,
        server.logFile,
      );
    }
    await sleep(250);
  }
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts the sandbox and Prometheus; returns the sandbox's files and the
 * portal's token. The first start of a machine builds the cluster's binaries
 * (./dev does it before), hence the long bound.
 */
export async function startCluster({ root, dir, ports, logDir }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = sandboxFiles(dir);
  const sandbox = start(
    'the local cluster',
    'yarn',
    sandboxYarnArgs({
      port: ports.sandboxPort,
      scenario,
      dir,
      extra: ['--users', '1'],
    }),
    { cwd: root, logFile: join(logDir, 'sandbox.log') },
  );
  await waitFor(
    sandbox,
    async () => existsSync(files.portalTokenFile),
    'the local cluster wrote the portal token',
    30 * 60_000,
  );
  const prometheus = start(
    'Prometheus',
    prometheusBinary,
    prometheusArgs({
      dir,
      sandboxPort: ports.sandboxPort,
      port: ports.prometheusPort,
    }),
    { cwd: root, logFile: join(logDir, 'prometheus.log') },
  );
  await waitFor(
    prometheus,
    () => answers(`http://127.0.0.1:${ports.prometheusPort}/-/ready`),
    'Prometheus was ready',
    60_000,
  );
  return {
    files,
    token: readFileSync(files.portalTokenFile, 'utf8').trim(),
    servers: [sandbox, prometheus],
  };
}

/**
 * Unpacks the backend bundle (`yarn build:backend`'s dist/bundle.tar.gz,
 * what a Dockerfile runs) inside the fresh app, so that it finds the app's
 * node_modules, and starts it with the fresh app's config and ours.
 */
export async function startBackend({
  appDir,
  configFile,
  token,
  ports,
  logDir,
}) {
  const logFile = join(logDir, 'backend.log');
  const bundle = join(appDir, 'verify-install-bundle');
  rmSync(bundle, { recursive: true, force: true });
  mkdirSync(bundle);
  await run(
    'unpacking the backend bundle',
    'tar',
    ['xzf', join(appDir, 'packages/backend/dist/bundle.tar.gz'), '-C', bundle],
    { cwd: appDir, logFile },
  );
  const backend = start(
    "the fresh app's backend",
    'node',
    [
      'packages/backend',
      '--config',
      join(appDir, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: bundle,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SANDBOX_PORTAL_TOKEN: token,
      },
      logFile,
    },
  );
  await waitFor(
    backend,
    () =>
      answers(
        `http://127.0.0.1:${ports.appPort}/.backstage/health/v1/readiness`,
      ),
    "the fresh app's backend was ready",
    3 * 60_000,
  );
  return backend;
}
