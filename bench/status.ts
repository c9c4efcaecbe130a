// `yarn bench:status`: the service-mesh status endpoint against the sandbox at
// 13, 100 and 1000 services — latency and upstream calls per request, beside
// the Kubernetes plugin's workloads query for the same entity in the same run —
// and the upstream calls 100 concurrent requests cause; then the watch path
// (serviceMesh.watch.enabled): warm latency beside the Kubernetes plugin's,
// upstream calls of 100 concurrent viewers of 20 entities after warm-up, the
// delay from a change in the cluster to a long-polling viewer having it, and
// the backend's memory for the watch caches. Prints JSON lines.
import { Agent, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import request from 'supertest';
import {
  Sandbox,
  defaultControllers,
  kinds,
  LocalCluster,
  scaleScenario,
  startLocalCluster,
  startSandbox,
  sandboxKubernetesConfig,
} from '../packages/mesh-sandbox/src';
import { serviceMeshPlugin } from '../plugins/service-mesh-backend/src/plugin';
import { percentile, report, round } from './measure';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'scale',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-namespace': 'scale',
      'backstage.io/kubernetes-label-selector': 'version=v1',
    },
  },
  spec: { owner: 'team' },
};

/** Components of the scale namespace, one per synthetic service: the viewers' other entities. */
const component = (index: number): Entity => {
  const name = `service-${String(index).padStart(4, '0')}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-namespace': 'scale',
        'backstage.io/kubernetes-label-selector': `name=${name}`,
      },
    },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
};

async function backendFor(
  sandbox: Sandbox,
  cacheTtlSeconds: number,
  options: { watch?: boolean; entities?: Entity[] } = {},
) {
  return startTestBackend({
    features: [
      serviceMeshPlugin,
      kubernetesPlugin,
      catalogServiceMock.factory({ entities: options.entities ?? [entity] }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: sandboxKubernetesConfig(sandbox),
          serviceMesh: {
            cacheTtlSeconds,
            ...(options.watch ? { watch: { enabled: true } } : {}),
          },
        },
      }),
    ],
  });
}

// A full collection between memory readings.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 200 });

/** One request over a plain connection, timed to its last byte (no client-side JSON parsing, for either endpoint). */
function timed(
  server: any,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ ms: number; status: number; text: string }> {
  const { port } = (server as { address(): AddressInfo }).address();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: keepAlive,
        headers: {
          Authorization: mockCredentials.user.header(),
          ...(payload
            ? {
                'Content-Type': 'application/json',
                'Content-Length': Buffer.byteLength(payload),
              }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            ms: Number(process.hrtime.bigint() - start) / 1e6,
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const statusPath = (e: Entity) =>
  `/api/service-mesh/entities/${e.kind.toLocaleLowerCase('en-US')}/${
    e.metadata.namespace
  }/${e.metadata.name}/status`;

async function timedRuns(
  runs: number,
  call: () => Promise<{ ms: number; status: number; text: string }>,
) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 5; i++) {
    const { ms, status, text } = await call();
    if (status !== 200)
      throw new Error(`HTTP ${status}: ${text.slice(0, 200)}`);
    if (i < 5) continue; // warm-up
    times.push(ms);
    bytes = text.length;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

/** A weighted route on the first synthetic service, so that a weight change has something to show. */
const benchRoute = (v1: number) => ({
  metadata: { name: 'bench-canary', namespace: 'scale' },
  spec: {
    hosts: ['service-0001'],
    http: [
      {
        route: [
          { destination: { host: 'service-0001', subset: 'v1' }, weight: v1 },
          {
            destination: { host: 'service-0001', subset: 'v2' },
            weight: 100 - v1,
          },
        ],
      },
    ],
  },
});

const weightOf = (status: any) =>
  status.services.find((s: any) => s.name === 'service-0001')?.routes[0]
    ?.destinations[0]?.weight;

async function watchPath(sandbox: Sandbox, services: number) {
  const components = Array.from({ length: Math.min(19, services) }, (_, i) =>
    component(i + 1),
  );
  const entities = [entity, ...components];
  const runs = 200;

  // The Kubernetes plugin's query, warm (its own caches, if any), in this same run.
  const plain = await backendFor(sandbox, 0, { entities });
  const kubernetes = await timedRuns(services >= 1000 ? 20 : 50, () =>
    timed(plain.server, 'POST', '/api/kubernetes/resources/workloads/query', {
      entityRef: 'system:default/scale',
    }),
  );
  await plain.stop();

  const watching = await backendFor(sandbox, 5, { watch: true, entities });
  const server = watching.server;
  // The backend up, nothing watched yet: what follows is the watch caches' and the statuses'.
  const heapBefore = heapAfterGc();
  const get = async (path: string) => {
    const answer = await timed(server, 'GET', path);
    if (answer.status !== 200)
      throw new Error(`HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
    return JSON.parse(answer.text);
  };
  // First views: the informers list and open their watches.
  const coldStart = process.hrtime.bigint();
  await get(statusPath(entity));
  const firstViewMs = Number(process.hrtime.bigint() - coldStart) / 1e6;
  for (const e of entities) await get(statusPath(e));

  sandbox.stats.reset();
  // This process also runs the sandbox's API proxy and simulators: how long its event loop stalled.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const warm = await timedRuns(runs, () =>
    timed(server, 'GET', statusPath(entity)),
  );
  loop.disable();
  const warmCalls = sandbox.stats.snapshot().total;
  report({
    bench: 'status.latency',
    endpoint: 'service-mesh status (watch, warm)',
    services,
    runs,
    p50_ms: round(warm.p50),
    p95_ms: round(warm.p95),
    upstream_calls_per_request: round(warmCalls / (runs + 5)),
    first_view_ms: round(firstViewMs),
    response_bytes: warm.bytes,
    kubernetes_query_p50_ms: round(kubernetes.p50),
    kubernetes_query_p95_ms: round(kubernetes.p95),
    event_loop_delay_p99_ms: round(loop.percentile(99) / 1e6),
    event_loop_delay_max_ms: round(loop.max / 1e6),
    ratio_to_kubernetes_p50:
      Math.round((warm.p50 / kubernetes.p50) * 1e4) / 1e4,
  });

  // 100 viewers of the 20 entities at once, after warm-up.
  sandbox.stats.reset();
  const start = process.hrtime.bigint();
  const answers = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      timed(server, 'GET', statusPath(entities[i % entities.length])),
    ),
  );
  report({
    bench: 'status.concurrent',
    endpoint: 'service-mesh status (watch, warm)',
    services,
    concurrent_requests: 100,
    entities: entities.length,
    ok: answers.filter(a => a.status === 200).length,
    upstream_calls: sandbox.stats.snapshot().total,
    wall_ms: round(Number(process.hrtime.bigint() - start) / 1e6),
  });

  // Change to visible: viewers long-poll the System while its route's weights change.
  await sandbox.client.apply(kinds.virtualServices, benchRoute(90), {
    fieldManager: 'bench',
    force: true,
  });
  let current = await get(statusPath(entity));
  for (let i = 0; weightOf(current) !== 90 && i < 100; i++)
    current = await get(
      `${statusPath(entity)}?sinceVersion=${current.version}`,
    );
  const viewers = 10;
  const delays: number[] = [];
  for (let change = 0; change < 20; change++) {
    const weight = change % 2 === 0 ? 60 : 90;
    const held = Array.from({ length: viewers }, async () => {
      let since = current.version;
      for (;;) {
        const answer = await timed(
          server,
          'GET',
          `${statusPath(entity)}?sinceVersion=${since}`,
        );
        const body = JSON.parse(answer.text);
        if (weightOf(body) === weight)
          return { at: process.hrtime.bigint(), body };
        since = body.version;
      }
    });
    // Let the long polls reach the backend before the change.
    await new Promise(resolve => setTimeout(resolve, 100));
    const changedAt = process.hrtime.bigint();
    await sandbox.client.apply(kinds.virtualServices, benchRoute(weight), {
      fieldManager: 'bench',
      force: true,
    });
    const seen = await Promise.all(held);
    for (const { at } of seen) delays.push(Number(at - changedAt) / 1e6);
    current = seen[0].body;
  }
  delays.sort((a, b) => a - b);
  report({
    bench: 'status.change-to-visible',
    endpoint: 'service-mesh status (watch, long poll)',
    services,
    changes: 20,
    viewers,
    p50_ms: round(percentile(delays, 50)),
    p95_ms: round(percentile(delays, 95)),
    max_ms: round(delays[delays.length - 1]),
  });

  const diagnostics = await get('/api/service-mesh/watch/diagnostics');
  const heapAfter = heapAfterGc();
  const objects = diagnostics.clusters[0]?.objects ?? 0;
  const informers: any[] = diagnostics.clusters[0]?.informers ?? [];
  const sum = (counter: string) =>
    informers.reduce((total, i) => total + i.counters[counter], 0);
  report({
    bench: 'status.watch-memory',
    endpoint: 'service-mesh status (watch, warm)',
    services,
    cached_objects: objects,
    informers: informers.length,
    // Since the first view: what the watches received, and how often they restarted.
    watch_events: sum('events'),
    lists: sum('lists'),
    watches: sum('watches'),
    relists_after_gone: sum('relistsAfterGone'),
    seconds_watched: round(Number(process.hrtime.bigint() - coldStart) / 1e9),
    heap_delta_mb: round((heapAfter - heapBefore) / 2 ** 20),
    heap_per_1000_services_mb: round(
      ((heapAfter - heapBefore) / 2 ** 20) * (1000 / services),
    ),
  });
  await sandbox.client.delete(kinds.virtualServices, 'scale', 'bench-canary');
  await watching.stop();
}

type Call = (server: any) => request.Test;
const meshStatus: Call = server =>
  request(server)
    .get('/api/service-mesh/entities/system/default/scale/status')
    .set('Authorization', mockCredentials.user.header());
const kubernetesWorkloads: Call = server =>
  request(server)
    .post('/api/kubernetes/resources/workloads/query')
    .set('Authorization', mockCredentials.user.header())
    .send({ entityRef: 'system:default/scale' });

async function measure(
  sandbox: Sandbox,
  server: any,
  call: Call,
  runs: number,
) {
  const times: number[] = [];
  let upstream = 0;
  for (let i = 0; i < runs + 2; i++) {
    sandbox.stats.reset();
    const start = process.hrtime.bigint();
    const response = await call(server);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (response.status !== 200)
      throw new Error(
        `HTTP ${response.status}: ${response.text.slice(0, 200)}`,
      );
    if (i < 2) continue; // warm-up
    times.push(ms);
    upstream += sandbox.stats.snapshot().total;
  }
  times.sort((a, b) => a - b);
  return {
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    upstream_calls_per_request: round(upstream / runs),
  };
}

async function atScale(cluster: LocalCluster, services: number) {
  const sandbox = await startSandbox({
    cluster,
    controllers: defaultControllers(),
    seed: scaleScenario({ services }),
  });
  await sandbox.settle(600_000);
  const uncached = await backendFor(sandbox, 0);
  const runs = services >= 1000 ? 10 : 30;
  report({
    bench: 'status.latency',
    endpoint: 'service-mesh status',
    services,
    runs,
    ...(await measure(sandbox, uncached.server, meshStatus, runs)),
  });
  report({
    bench: 'status.latency',
    endpoint: 'kubernetes workloads query',
    services,
    runs,
    ...(await measure(sandbox, uncached.server, kubernetesWorkloads, runs)),
  });
  await uncached.stop();

  const cached = await backendFor(sandbox, 5);
  for (const [endpoint, call] of [
    ['service-mesh status', meshStatus],
    ['kubernetes workloads query', kubernetesWorkloads],
  ] as const) {
    sandbox.stats.reset();
    const start = process.hrtime.bigint();
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => call(cached.server)),
    );
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    report({
      bench: 'status.concurrent',
      endpoint,
      services,
      concurrent_requests: 100,
      ok: responses.filter(r => r.status === 200).length,
      upstream_calls: sandbox.stats.snapshot().total,
      wall_ms: round(ms),
    });
  }
  await cached.stop();
  await watchPath(sandbox, services);
  await sandbox.stop();
}

async function main() {
  const cluster = await startLocalCluster({
    log: line => process.stderr.write(`[local cluster] ${line}\n`),
  });
  try {
    // BENCH_SERVICES=13,100 for a shorter run.
    const sizes = (process.env.BENCH_SERVICES ?? '13,100,1000')
      .split(',')
      .map(Number);
    for (const services of sizes) await atScale(cluster, services);
  } finally {
    await cluster.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
