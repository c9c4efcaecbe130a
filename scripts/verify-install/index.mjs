// `yarn verify:install`: the plugins installed elsewhere, as an adopter would.
// Packs every published plugin, makes a fresh app of the repository's
// Backstage release with @backstage/create-app from the npm registry, adds the
// plugins to it as their READMEs say (tarballs in place of the registry),
// builds it for production, starts it against the local cluster and checks in
// Chromium that the mesh card shows the cluster's data on an annotated
// Component and that /create/actions lists the servicemesh: actions.
//
// Ports (free ones are required; none of yarn e2e's): the fresh app on
// VERIFY_INSTALL_APP_PORT (7107), the local cluster on
// VERIFY_INSTALL_SANDBOX_PORT (6543), Prometheus on
// VERIFY_INSTALL_PROMETHEUS_PORT (9190). Per machine, under
// ~/.cache/service-mesh-verify-install/ (XDG_CACHE_HOME), it keeps the
// create-app output and the fresh app with its last install (reused by the
// next run's yarn install); VERIFY_INSTALL_CLEAN=1 installs from nothing.
// Logs and screenshots: node_modules/.cache/verify-install/.
// Every process it starts is stopped when it ends, fails or is interrupted.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prometheusBinary } from '../localCluster.mjs';
import { portOpen } from '../ports.mjs';
import { installAndBuild } from './build.mjs';
import { checkInBrowser } from './check.mjs';
import { configureApp } from './configure.mjs';
import { createFreshApp } from './createApp.mjs';
import { packPlugins } from './pack.mjs';
import { startBackend, startCluster } from './portal.mjs';
import { logTail, stopAll } from './processes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const workDir = join(root, 'node_modules/.cache/verify-install');
const cacheDir = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'service-mesh-verify-install',
);
const appDir = join(cacheDir, 'app');
const started = Date.now();

function port(name, fallback) {
  const value = process.env[name] ?? String(fallback);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new Error(`${name} must be a port number, got "${value}"`);
  }
  return n;
}

function say(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stderr.write(`[verify:install ${seconds} s] ${message}\n`);
}

async function preflight(ports) {
  const busy = [];
  for (const [name, value] of Object.entries(ports)) {
    if (await portOpen(value)) busy.push(`${value} (${name})`);
  }
  if (busy.length > 0) {
    throw new Error(
      `port ${busy.join(
        ', ',
      )} already in use: stop what listens there, or set VERIFY_INSTALL_*_PORT`,
    );
  }
  for (const binary of ['/usr/bin/chromium', prometheusBinary]) {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing: install Debian's ${binary
          .split('/')
          .pop()} (./dev test does it)`,
      );
    }
  }
}

/**
 * One run per machine at a time: the fresh app's folder is shared by every
 * clone. A lock left by a run that no longer exists is taken over.
 */
const lockFile = join(cacheDir, 'run.pid');
function lock() {
  mkdirSync(cacheDir, { recursive: true });
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {
      // gone
    }
    if (alive) {
      throw new Error(
        `another yarn verify:install (pid ${pid}) is running on this machine; it uses ${appDir} too`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
}

function unlock() {
  try {
    if (Number(readFileSync(lockFile, 'utf8')) === process.pid) {
      rmSync(lockFile);
    }
  } catch {
    // not taken
  }
}

let stopping = false;
async function finish(code, error) {
  if (stopping) return;
  stopping = true;
  if (error) {
    say(`FAILED: ${error.message}`);
    if (error.logFile) {
      process.stderr.write(
        `--- last lines of ${error.logFile} ---\n${logTail(
          error.logFile,
        )}\n---\n`,
      );
    }
  }
  say('stopping what it started');
  await stopAll();
  unlock();
  say(code === 0 ? 'passed' : 'failed');
  process.exit(code);
}
process.on('SIGINT', () => finish(130, new Error('interrupted (SIGINT)')));
process.on('SIGTERM', () => finish(143, new Error('interrupted (SIGTERM)')));

async function main() {
  const ports = {
    appPort: port('VERIFY_INSTALL_APP_PORT', 7107),
    sandboxPort: port('VERIFY_INSTALL_SANDBOX_PORT', 6543),
    prometheusPort: port('VERIFY_INSTALL_PROMETHEUS_PORT', 9190),
  };
  lock();
  await preflight(ports);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });

  say('packing the plugins (yarn tsc, backstage-cli package build, yarn pack)');
  const plugins = await packPlugins(
    root,
    join(cacheDir, 'tarballs'),
    join(workDir, 'pack.log'),
  );
  say(`packed ${plugins.map(p => `${p.name}@${p.version}`).join(', ')}`);

  const { release, createAppVersion } = await createFreshApp({
    root,
    appDir,
    cacheDir,
    clean: process.env.VERIFY_INSTALL_CLEAN === '1',
    logFile: join(workDir, 'create-app.log'),
  });
  say(
    `fresh app of Backstage ${release} by @backstage/create-app@${createAppVersion} in ${appDir}`,
  );

  const sandboxDir = join(workDir, 'sandbox');
  const { configFile, done } = configureApp(root, appDir, plugins, {
    ...ports,
    caFile: join(sandboxDir, 'ca.crt'),
  });
  say(`as the READMEs say: ${done.join('; ')}`);

  say('yarn install, yarn tsc and yarn build:backend in the fresh app');
  await installAndBuild(appDir, join(workDir, 'app-build.log'));

  say(
    `starting the local cluster on :${ports.sandboxPort} and Prometheus on :${ports.prometheusPort}`,
  );
  const cluster = await startCluster({
    root,
    dir: sandboxDir,
    ports,
    logDir: workDir,
  });
  say(`starting the fresh app's backend on :${ports.appPort}`);
  await startBackend({
    appDir,
    configFile,
    token: cluster.token,
    ports,
    logDir: workDir,
  });

  say('checking the fresh app in Chromium');
  const seen = await checkInBrowser({
    root,
    baseUrl: `http://localhost:${ports.appPort}`,
    kubeconfig: cluster.files.kubeconfig,
    outDir: workDir,
  });
  say(
    `seen: "${seen.sidecarLabel}" on the mesh card; ${seen.actions.length} servicemesh: actions on /create/actions`,
  );
}

main().then(
  () => finish(0),
  error => finish(1, error),
);
