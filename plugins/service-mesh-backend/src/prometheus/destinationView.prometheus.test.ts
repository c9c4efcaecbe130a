import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RealPrometheus,
  Sandbox,
  prometheusInstalled,
  startRealPrometheus,
} from '@internal/mesh-sandbox';
import { observedTraffic } from './observedTraffic';
import { PrometheusClient } from './prometheusClient';

jest.setTimeout(120_000);

const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;

/** Requests per second of each series the endpoint below serves, as counters growing from its start. */
const SERIES: [Record<string, string>, number][] = [
  // web: pods with a sidecar behind the namespace's waypoint; both report each request.
  [
    {
      reporter: 'waypoint',
      source_workload: 'client',
      destination_workload: 'web',
      destination_service_name: 'web',
    },
    10,
  ],
  [
    {
      reporter: 'destination',
      source_workload: 'waypoint',
      destination_workload: 'web',
      destination_service_name: 'web',
    },
    10,
  ],
  // api: ambient pods behind the waypoint; only the waypoint reports.
  [
    {
      reporter: 'waypoint',
      source_workload: 'client',
      destination_workload: 'api',
      destination_service_name: 'api',
    },
    4,
  ],
  // legacy: sidecar mode, no waypoint.
  [
    {
      reporter: 'destination',
      source_workload: 'client',
      destination_workload: 'legacy',
      destination_service_name: 'legacy',
    },
    2,
  ],
];

function metricsText(elapsedSeconds: number): string {
  const lines = ['# TYPE istio_requests_total counter'];
  for (const [labels, rate] of SERIES) {
    const all = {
      ...labels,
      destination_workload_namespace: 'shop',
      destination_service_namespace: 'shop',
      destination_version: 'v1',
      response_code: '200',
    };
    const text = Object.entries(all)
      .map(([name, value]) => `${name}="${value}"`)
      .join(',');
    lines.push(`istio_requests_total{${text}} ${rate * elapsedSeconds}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A real Prometheus scraping hand-written Istio series over HTTPS (a
 * self-signed certificate for 127.0.0.1), to evaluate the destination-view
 * rule's PromQL where a waypoint fronts pods that have sidecars, which the
 * local cluster does not simulate.
 */
describeWithPrometheus('the destination view against a real Prometheus', () => {
  let dir: string;
  let server: Server;
  let prometheus: RealPrometheus;
  let client: PrometheusClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'destination-view-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const started = Date.now();
    server = createServer(
      { key: readFileSync(join(dir, 'key.pem')), cert },
      (_req, res) => {
        res.setHeader('Content-Type', 'text/plain; version=0.0.4');
        res.end(metricsText(Math.floor((Date.now() - started) / 1000)));
      },
    );
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    // startRealPrometheus needs only where to scrape and the CA to trust.
    const target = {
      caCertificate: cert,
      port: (server.address() as AddressInfo).port,
    } as unknown as Sandbox;
    prometheus = await startRealPrometheus(target);
    client = new PrometheusClient({
      url: prometheus.url,
      headers: {},
      tls: {},
      window: '10s',
      timeoutMs: 5000,
    });
  });
  afterAll(async () => {
    await prometheus?.stop();
    await new Promise(resolve => server?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts a request that a waypoint and the sidecar behind it both report once, and a waypoint’s alone where pods have no sidecar', async () => {
    // Prometheus starts listening, then needs the rate window full of scrapes.
    const deadline = Date.now() + 60_000;
    let scrapes = 0;
    while (scrapes < 10 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      const answer = await prometheus
        .query(
          'count_over_time(istio_requests_total{destination_workload="legacy"}[10s])',
        )
        .catch(() => []);
      scrapes = Number(answer[0]?.value[1] ?? 0);
    }
    const observed = await observedTraffic(client, 'shop');
    const rates = Object.fromEntries(
      Object.entries(observed).map(([service, o]) => [
        service,
        Math.round(o.requestRate!),
      ]),
    );
    expect(rates).toEqual({ web: 10, api: 4, legacy: 2 });
  });
});
