import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox } from '../sandbox';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

/** A Prometheus server (Debian's package) scraping a sandbox's /metrics over HTTPS. */
export interface RealPrometheus {
  url: string;
  /** Instant query; the `data.result` vector. */
  query(
    promql: string,
  ): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

export const prometheusInstalled = () => existsSync(PROMETHEUS_BINARY);

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

function getJson(url: string): Promise<any> {
  return new Promise((resolve, reject) => {
    request(url, res => {
      let body = '';
      res.on('data', chunk => {
        body += chunk;
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (error) {
          reject(error);
        }
      });
    })
      .on('error', reject)
      .end();
  });
}

/**
 * Starts Prometheus on a free loopback port with its own temporary config and
 * storage, scraping the sandbox every `scrapeIntervalSeconds` (job envoy-stats,
 * trusting the sandbox CA). `stop()` kills it and removes its files.
 */
export async function startRealPrometheus(
  sandbox: Sandbox,
  options: { scrapeIntervalSeconds?: number } = {},
): Promise<RealPrometheus> {
  if (!prometheusInstalled()) {
    throw new Error(
      `${PROMETHEUS_BINARY} is missing: install the Debian package "prometheus"`,
    );
  }
  const interval = options.scrapeIntervalSeconds ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'mesh-sandbox-prometheus-'));
  writeFileSync(join(dir, 'ca.pem'), sandbox.caCertificate);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      `  scrape_interval: ${interval}s`,
      `  scrape_timeout: ${Math.max(interval * 900, 500)}ms`,
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
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  return {
    url,
    async query(promql) {
      const body = await getJson(
        `${url}/api/v1/query?query=${encodeURIComponent(promql)}`,
      );
      if (body.status !== 'success')
        throw new Error(`Prometheus: ${body.errorType} ${body.error}`);
      return body.data.result;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
