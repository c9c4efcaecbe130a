// `yarn bench:sandbox`: the local cluster on its real control plane. Prints, as
// JSON lines: the cold build of the cluster's binaries (when this run had to
// build them), the warm start to Ready, list latency of pods through the
// sandbox's port with @kubernetes/client-node at 100 and 3000 pods, and the
// resident memory of the whole stack with the `scale` scenario at 1000
// services. Asserts nothing.
import * as k8s from '@kubernetes/client-node';
import {
  K8sObject,
  LocalCluster,
  SandboxContext,
  clusterControllers,
  kinds,
  scaleScenario,
  startLocalCluster,
  startSandbox,
} from '../packages/mesh-sandbox/src';
import { percentile, report, round, timeRuns } from './measure';

const benchPod = (i: number): K8sObject => {
  const name = `workload-${String(i % 100).padStart(3, '0')}`;
  return {
    metadata: {
      name: `${name}-5d9c8b7f6-${String(i).padStart(5, '0')}`,
      namespace: 'bench',
      labels: { name, app: name, version: 'v1' },
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
  };
};

function podsSeed(count: number) {
  return async ({ client }: SandboxContext) => {
    await client.create(kinds.namespaces, { metadata: { name: 'bench' } });
    const queue = Array.from({ length: count }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift())
          await client.create(kinds.pods, benchPod(i));
      }),
    );
  };
}

async function listLatency(cluster: LocalCluster, pods: number) {
  const sandbox = await startSandbox({ cluster, seed: podsSeed(pods) });
  await sandbox.settle(300_000);
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sandbox.kubeconfig());
  const core = kc.makeApiClient(k8s.CoreV1Api);
  let bytes = 0;
  let listed = 0;
  const times = await timeRuns(
    async () => {
      const list = await core.listNamespacedPod({ namespace: 'bench' });
      listed = list.items.length;
      bytes = JSON.stringify(list).length;
    },
    pods > 1000 ? 20 : 50,
  );
  report({
    bench: 'sandbox.list-pods',
    server: `kube-apiserver ${sandbox.version}`,
    pods: listed,
    runs: times.length,
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    max_ms: round(times[times.length - 1]),
    response_kb: round(bytes / 1024),
  });
  await sandbox.stop();
}

async function scaleMemory(cluster: LocalCluster, services: number) {
  const started = process.hrtime.bigint();
  const sandbox = await startSandbox({
    cluster,
    controllers: clusterControllers().controllers,
    seed: scaleScenario({ services }),
  });
  await sandbox.settle(600_000);
  const settleMs = Number(process.hrtime.bigint() - started) / 1e6;
  const controlPlane = cluster.controlPlane.residentBytes();
  const simulators = process.memoryUsage().rss;
  report({
    bench: 'sandbox.scale-memory',
    services,
    pods: sandbox.cache.list('', 'pods', 'scale').length,
    settle_ms: round(settleMs),
    control_plane_rss_mb: round(controlPlane / 2 ** 20),
    simulators_rss_mb: round(simulators / 2 ** 20),
    stack_rss_mb: round((controlPlane + simulators) / 2 ** 20),
  });
  await sandbox.stop();
}

async function main() {
  const started = process.hrtime.bigint();
  const cluster = await startLocalCluster({
    log: line => process.stderr.write(`[local cluster] ${line}\n`),
  });
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  const built = cluster.controlPlane.binaries.builtSeconds;
  if (built !== undefined)
    report({ bench: 'sandbox.cold-build', build_s: round(built) });
  report({
    bench: 'sandbox.warm-start',
    server: `kube-apiserver ${cluster.version}`,
    // from the first process to the API server answering ready
    api_server_ready_s: round(cluster.controlPlane.startSeconds),
    // ... to every upstream CRD Established and the portal's service accounts made
    cluster_ready_s: round((readyMs - (built ?? 0) * 1000) / 1000),
  });
  try {
    await listLatency(cluster, 100);
    await listLatency(cluster, 3000);
    await scaleMemory(cluster, 1000);
  } finally {
    await cluster.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
