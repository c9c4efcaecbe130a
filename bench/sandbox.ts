// `yarn bench:sandbox`: list latency of the mesh sandbox's Kubernetes API for
// 100 and 3000 pods through @kubernetes/client-node, and the memory the
// `scale` scenario takes at 1000 services. Prints JSON lines; asserts nothing.
import * as k8s from '@kubernetes/client-node';
import {
  Sandbox,
  defaultControllers,
  scaleScenario,
  startSandbox,
} from '../packages/mesh-sandbox/src';
import { percentile, report, round, timeRuns } from './measure';

function podsSeed(count: number) {
  return ({ api }: { api: Sandbox['api'] }) => {
    api.create(api.type('', 'namespaces'), undefined, {
      metadata: { name: 'bench' },
    });
    const pods = api.type('', 'pods');
    for (let i = 0; i < count; i++) {
      const name = `workload-${String(i % 100).padStart(3, '0')}`;
      api.create(pods, 'bench', {
        metadata: {
          name: `${name}-5d9c8b7f6-${String(i).padStart(5, '0')}`,
          labels: {
            name,
            app: name,
            version: 'v1',
            'pod-template-hash': '5d9c8b7f6',
          },
          annotations: {
            'sidecar.istio.io/status': '{"containers":["istio-proxy"]}',
          },
        },
        spec: {
          containers: [
            {
              name,
              image: `quay.io/bench/${name}:1.0`,
              ports: [{ containerPort: 8080 }],
            },
            {
              name: 'istio-proxy',
              image:
                'registry.redhat.io/openshift-service-mesh/proxyv2-rhel8:2.5.2',
            },
          ],
        },
        status: {
          phase: 'Running',
          podIP: `10.128.${Math.floor(i / 250)}.${i % 250}`,
        },
      });
    }
  };
}

async function listLatency(pods: number) {
  const sandbox = await startSandbox({ seed: podsSeed(pods) });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sandbox.kubeconfig());
  const core = kc.makeApiClient(k8s.CoreV1Api);
  let bytes = 0;
  const times = await timeRuns(
    async () => {
      const list = await core.listNamespacedPod({ namespace: 'bench' });
      bytes = JSON.stringify(list).length;
    },
    pods > 1000 ? 20 : 50,
  );
  report({
    bench: 'sandbox.list-pods',
    pods,
    runs: times.length,
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    max_ms: round(times[times.length - 1]),
    response_kb: round(bytes / 1024),
  });
  await sandbox.stop();
}

async function scaleMemory(services: number) {
  const gc = (globalThis as any).gc as (() => void) | undefined;
  gc?.();
  const before = process.memoryUsage();
  const started = process.hrtime.bigint();
  const sandbox = await startSandbox({
    controllers: defaultControllers(),
    seed: scaleScenario({ services }),
  });
  await sandbox.settle(120_000);
  const settleMs = Number(process.hrtime.bigint() - started) / 1e6;
  gc?.();
  const after = process.memoryUsage();
  report({
    bench: 'sandbox.scale-memory',
    services,
    pods: sandbox.api.list(sandbox.api.type('', 'pods'), 'scale').length,
    settle_ms: round(settleMs),
    heap_used_mb: round((after.heapUsed - before.heapUsed) / 2 ** 20),
    rss_mb: round(after.rss / 2 ** 20),
    gc_exposed: Boolean(gc),
  });
  await sandbox.stop();
}

async function main() {
  await listLatency(100);
  await listLatency(3000);
  await scaleMemory(1000);
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
