// `yarn start`: the mesh sandbox (the local cluster) on :6443, a Prometheus
// scraping its Istio metrics on :9090 (when /usr/bin/prometheus exists), then
// the portal (app :3000, backend :7007). SANDBOX=off starts the portal alone,
// for a portal configured against a real cluster. Stops all when one stops.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

async function waitForPort(port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await portOpen(port)) return;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(
    `the mesh sandbox did not listen on port ${port} within ${seconds} s`,
  );
}

if (process.env.SANDBOX !== 'off') {
  run('yarn', [
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
  ]);
  await waitForPort(sandboxPort, 60);
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
