// `yarn start`: the local cluster (packages/mesh-sandbox: a real kube-apiserver
// and its controllers, built from Go modules on the first start) on :6443, a
// Prometheus scraping its Istio metrics on :9090 (when /usr/bin/prometheus
// exists), then the portal (app :3000, backend :7007), which reaches the
// cluster with the token of its service account (SANDBOX_PORTAL_TOKEN).
// SANDBOX=off starts the portal alone, for a portal configured against a real
// cluster. Stops all when one stops.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  prometheusArgs,
  prometheusBinary,
  sandboxFiles,
  sandboxYarnArgs,
} from './localCluster.mjs';
import { portOpen } from './ports.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 6443);
const children = [];

function run(command, args) {
  const child = spawn(command, args, {
    cwd: root,
    stdio: 'inherit',
    detached: true,
  });
  children.push(child);
  child.on('exit', code => shutdown(code ?? 1));
  return child;
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => shutdown(130));
process.on('SIGTERM', () => shutdown(143));

/**
 * Waits for the sandbox to write the portal's token, its last step once it
 * serves; however long the first start's build of the cluster takes, as long
 * as it runs.
 */
async function waitForSandbox(sandbox, tokenFile) {
  while (!existsSync(tokenFile)) {
    if (sandbox.exitCode !== null) process.exit(sandbox.exitCode ?? 1);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  if (!(await portOpen(sandboxPort))) {
    throw new Error(`the local cluster does not listen on port ${sandboxPort}`);
  }
  process.env.SANDBOX_PORTAL_TOKEN = readFileSync(tokenFile, 'utf8').trim();
}

const sandboxDir = join(root, '.sandbox');

if (process.env.SANDBOX !== 'off') {
  const tokenFile = sandboxFiles(sandboxDir).portalTokenFile;
  rmSync(tokenFile, { force: true });
  const sandbox = run(
    'yarn',
    sandboxYarnArgs({
      port: sandboxPort,
      scenario: process.env.SANDBOX_SCENARIO ?? 'sockshop',
      dir: sandboxDir,
    }),
  );
  await waitForSandbox(sandbox, tokenFile);
  startPrometheus();
}

function startPrometheus() {
  if (!existsSync(prometheusBinary)) {
    console.warn(
      'Prometheus is not installed (apt-get install prometheus): the mesh card shows no observed traffic.',
    );
    return;
  }
  run(
    prometheusBinary,
    prometheusArgs({ dir: sandboxDir, sandboxPort, port: 9090 }),
  );
}
run('yarn', ['backstage-cli', 'repo', 'start', ...process.argv.slice(2)]);
