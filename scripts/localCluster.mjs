// How the local cluster (packages/mesh-sandbox) and the Prometheus scraping
// it are started: for `yarn start` (scripts/start.mjs) and
// `yarn verify:install` (scripts/verify-install/).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files the sandbox writes into `dir` (its CA, kubeconfig and tokens, its data). */
export function sandboxFiles(dir) {
  return {
    caFile: join(dir, 'ca.crt'),
    kubeconfig: join(dir, 'kubeconfig'),
    clusterDir: join(dir, 'cluster'),
    portalTokenFile: join(dir, 'portal.token'),
    adminTokenFile: join(dir, 'admin.token'),
    prometheusDir: join(dir, 'prometheus'),
  };
}

/** `yarn <these>` starts the sandbox on `port` with `scenario`, its files in `dir`. */
export function sandboxYarnArgs({ port, scenario, dir, extra = [] }) {
  const files = sandboxFiles(dir);
  return [
    'workspace',
    '@internal/mesh-sandbox',
    'start',
    '--port',
    String(port),
    '--scenario',
    scenario,
    '--tls-dir',
    dir,
    '--kubeconfig',
    files.kubeconfig,
    '--cluster-dir',
    files.clusterDir,
    '--portal-token-file',
    files.portalTokenFile,
    // tests set workload faults with it (a failing canary)
    '--admin-token-file',
    files.adminTokenFile,
    ...extra,
  ];
}

export const prometheusBinary = '/usr/bin/prometheus';

/**
 * The arguments of a Prometheus that scrapes the sandbox on `sandboxPort`
 * every 5 s and listens on `port`; its config and data go (afresh) into the
 * sandbox's `dir`/prometheus.
 */
export function prometheusArgs({ dir, sandboxPort, port }) {
  const files = sandboxFiles(dir);
  rmSync(files.prometheusDir, { recursive: true, force: true });
  mkdirSync(files.prometheusDir, { recursive: true });
  const config = join(files.prometheusDir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 5s',
      'scrape_configs:',
      '  - job_name: envoy-stats',
      '    scheme: https',
      '    tls_config:',
      `      ca_file: ${files.caFile}`,
      '    static_configs:',
      `      - targets: ['127.0.0.1:${sandboxPort}']`,
      '',
    ].join('\n'),
  );
  return [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(files.prometheusDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
}
