// `yarn bench:status`: the service-mesh status endpoint against the sandbox at
// 13, 100 and 1000 services — latency and upstream calls per request, beside
// the Kubernetes plugin's workloads query for the same entity in the same run —
// and the upstream calls 100 concurrent requests cause. Prints JSON lines.
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

async function backendFor(sandbox: Sandbox, cacheTtlSeconds: number) {
  return startTestBackend({
    features: [
      serviceMeshPlugin,
      kubernetesPlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: sandboxKubernetesConfig(sandbox),
          serviceMesh: { cacheTtlSeconds },
        },
      }),
    ],
  });
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
  await sandbox.stop();
}

async function main() {
  const cluster = await startLocalCluster({
    log: line => process.stderr.write(`[local cluster] ${line}\n`),
  });
  try {
    for (const services of [13, 100, 1000]) await atScale(cluster, services);
  } finally {
    await cluster.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
