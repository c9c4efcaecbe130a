import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, startSandbox } from '../sandbox';
import {
  APPS_DOMAIN,
  createAll,
  meshedCanary,
} from './__testUtils__/meshObjects';
import { MeshTraffic } from './meshTraffic';

const PROMETHEUS = '/usr/bin/prometheus';
const SHARE_QUERY =
  'sum by (destination_version) (rate(istio_requests_total{reporter="destination",destination_service_name="front-end"}[30s]))';

jest.setTimeout(90_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, res => {
      let body = '';
      res.on('data', chunk => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** Polls until `check` returns a value (or the deadline passes, returning undefined). */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  seconds: number,
) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 500));
  }
  return undefined;
}

const describeWithPrometheus = existsSync(PROMETHEUS)
  ? describe
  : describe.skip;
if (!existsSync(PROMETHEUS)) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the Prometheus scrape test: ${PROMETHEUS} is missing (install the Debian package "prometheus").`,
  );
}

describeWithPrometheus('a real Prometheus scraping /metrics', () => {
  let sandbox: Sandbox;
  let prometheus: ChildProcess | undefined;
  let prometheusUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'mesh-sandbox-prometheus-'));

  beforeAll(async () => {
    const traffic = new MeshTraffic({ tickMs: 100 });
    sandbox = await startSandbox({
      appsDomain: APPS_DOMAIN,
      trafficRps: 200,
      controllers: [traffic.controller()],
      seed: context => createAll(context, meshedCanary()),
    });
    writeFileSync(join(dir, 'ca.pem'), sandbox.caCertificate);
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 900ms',
        'scrape_configs:',
        '  - job_name: envoy-stats',
        '    scheme: https',
        '    metrics_path: /metrics',
        '    tls_config:',
        `      ca_file: ${join(dir, 'ca.pem')}`,
        '    static_configs:',
        `      - targets: ['127.0.0.1:${sandbox.port}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise(resolve => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the 80/20 canary split back with PromQL', async () => {
    const ready = await eventually(async () => {
      const res = await httpGet(`${prometheusUrl}/-/ready`);
      return res.status === 200 ? true : undefined;
    }, 30);
    expect(ready).toBe(true);

    const query = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(
      SHARE_QUERY,
    )}`;
    // rate() needs a few scrapes inside its window before both versions show.
    const shares = await eventually(async () => {
      const body = JSON.parse((await httpGet(query)).body);
      const byVersion: Record<string, number> = {};
      for (const r of body.data.result)
        byVersion[r.metric.destination_version] = Number(r.value[1]);
      const total = (byVersion.v1 ?? 0) + (byVersion.v2 ?? 0);
      return body.data.result.length === 2 && total > 0
        ? { v1: byVersion.v1 / total, v2: byVersion.v2 / total }
        : undefined;
    }, 45);
    expect(shares).toBeDefined();
    expect(shares!.v1).toBeGreaterThanOrEqual(0.75);
    expect(shares!.v1).toBeLessThanOrEqual(0.85);
  });
});
