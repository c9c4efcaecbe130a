// `yarn start`: the local cluster (packages/mesh-sandbox: a real kube-apiserver
// and its controllers, built from Go modules on the first start) on :6443, a
// Prometheus scraping its Istio metrics on :9090 (when /usr/bin/prometheus
// exists), then the portal (app :3000, backend :7007), which reaches the
// cluster with the token of its service account (SANDBOX_PORTAL_TOKEN).
// SANDBOX=off starts the portal alone, for a portal configured against a real
// cluster. Stops all when one stops.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

if (process.env.SANDBOX !== 'off') {
  const tokenFile = join(root, '.sandbox', 'portal.token');
  rmSync(tokenFile, { force: true });
  const sandbox = run('yarn', [
    'workspace',
    '@internal/mesh-sandbox',
    'start',
    '--port',
    String(sandboxPort),
    '--scenario',
    process.env.SANDBOX_SCENARIO ?? 'sockshop',
    '--tls-dir',
    join(root, '.sandbox'),
    '--kubeconfig',
    join(root, '.sandbox', 'kubeconfig'),
    '--cluster-dir',
    join(root, '.sandbox', 'cluster'),
    '--portal-token-file',
    tokenFile,
    // the e2e test sets workload faults with it (a failing canary)
    '--admin-token-file',
    join(root, '.sandbox', 'admin.token'),
  ]);
  await waitForSandbox(sandbox, tokenFile);
  startPrometheus();
}

function startPrometheus() {
  const binary = '/usr/bin/prometheus';
  if (!existsSync(binary)) {
    console.warn(
      'Prometheus is not installed (apt-get install prometheus): the mesh card shows no observed traffic.',
    );
    return;
  }
  const dir = join(root, '.sandbox', 'prometheus');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 5s',
      'scrape_configs:',
      '  - job_name: envoy-stats',
      '    scheme: https',
      '    tls_config:',
      `      ca_file: ${join(root, '.sandbox', 'ca.crt')}`,
      '    static_configs:',
      `      - targets: ['127.0.0.1:${sandboxPort}']`,
      '',
    ].join('\n'),
  );
  run(binary, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    '--web.listen-address=127.0.0.1:9090',
    '--log.level=warn',
  ]);
}
run('yarn', ['backstage-cli', 'repo', 'start', ...process.argv.slice(2)]);
