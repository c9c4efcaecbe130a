import { sleep } from '../sleep';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { KubeClient } from '../client/kubeClient';
import {
  ServingCertificate,
  makeServingCertificate,
} from '../server/certificate';
import { ClusterBinaries, clusterBinaries } from './binaries';
import { Component } from './components';
import { freePort } from './freePort';

export interface ControlPlaneOptions {
  /** Where etcd's data, certificates and logs go; a new temporary folder when unset (removed on stop). */
  dir?: string;
  /** The API server's serving certificate (its CA is what clients trust); a fresh one when unset. */
  certificate?: ServingCertificate;
  /** How long kwok waits before a scheduled pod turns Running and Ready (default 0). */
  podReadyDelayMs?: number;
  log?: (line: string) => void;
}

/** A running etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok on 127.0.0.1. */
export interface ControlPlane {
  /** The kube-apiserver's own URL. */
  url: string;
  caCertificate: string;
  certificate: ServingCertificate;
  /** A token of group system:masters, for the simulators and the sandbox's own setup. */
  adminToken: string;
  /** The server's `gitVersion`, e.g. v1.36.3. */
  version: string;
  dir: string;
  binaries: ClusterBinaries;
  /** Seconds from the first process start to the API server answering ready (binaries built before). */
  startSeconds: number;
  /** Resident memory of every process of the control plane, in bytes. */
  residentBytes(): number;
  stop(): Promise<void>;
}

/** The node kwok keeps Ready; every pod is scheduled onto it. */
export const nodeName = 'kwok-node-0';

const kubeconfigFor = (url: string, caFile: string, token: string) =>
  stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'sandbox',
        cluster: { server: url, 'certificate-authority': caFile },
      },
    ],
    users: [{ name: 'admin', user: { token } }],
    contexts: [
      { name: 'sandbox', context: { cluster: 'sandbox', user: 'admin' } },
    ],
    'current-context': 'sandbox',
  });

const controllers = [
  '*',
  // Nothing here has volumes, clouds, bootstrap tokens or a pod network to allocate.
  '-nodeipam',
  '-ttl',
  '-bootstrapsigner',
  '-tokencleaner',
  '-persistentvolume-binder',
  '-attachdetach',
  '-persistentvolume-expander',
  '-ephemeral-volume',
  '-pvc-protection',
  '-pv-protection',
  '-cloud-node-lifecycle',
  '-route',
  '-service',
].join(',');

async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  components: Component[],
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = components.find(c => !c.running);
    if (dead) throw dead.failure('exited during start');
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/**
 * Starts a real Kubernetes control plane from the binaries in the per-machine
 * cache (building them first if needed): etcd, kube-apiserver with RBAC and no
 * anonymous access, kube-controller-manager (Deployments, ReplicaSets,
 * EndpointSlices, namespaces, garbage collection), kube-scheduler, and kwok
 * running one fake Node whose pods become Ready.
 */
export async function startControlPlane(
  options: ControlPlaneOptions = {},
): Promise<ControlPlane> {
  const log = options.log ?? (() => {});
  const binaries = await clusterBinaries(log);
  // MESH_SANDBOX_CLUSTER_DIR keeps a jest run's cluster (its logs) for a look afterwards.
  const keptDir = options.dir ?? process.env.MESH_SANDBOX_CLUSTER_DIR;
  const ownDir = !keptDir;
  const dir = keptDir ?? mkdtempSync(join(tmpdir(), 'mesh-sandbox-cluster-'));
  rmSync(join(dir, 'etcd'), { recursive: true, force: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });

  const certificate = options.certificate ?? makeServingCertificate();
  const file = (name: string, content: string, mode = 0o600) => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode });
    return path;
  };
  const caFile = file('ca.crt', certificate.cert, 0o644);
  const tlsKey = file('tls.key', certificate.key);
  const serviceAccountKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const saKey = file(
    'sa.key',
    serviceAccountKey.privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string,
  );
  const saPub = file(
    'sa.pub',
    serviceAccountKey.publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string,
  );
  const adminToken = randomBytes(24).toString('hex');
  const tokens = file(
    'tokens.csv',
    `${adminToken},mesh-sandbox-admin,mesh-sandbox-admin,"system:masters"\n`,
  );

  const [etcdPort, etcdPeerPort, apiPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const url = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = file(
    'admin.kubeconfig',
    kubeconfigFor(url, caFile, adminToken),
  );
  const logOf = (name: string) => join(dir, 'logs', `${name}.log`);
  const components: Component[] = [];
  const started = Date.now();
  const stopAll = async () => {
    await Promise.all([...components].reverse().map(c => c.stop()));
  };

  try {
    log(`starting etcd and kube-apiserver in ${dir}`);
    components.push(
      new Component(
        'etcd',
        binaries.etcd,
        [
          `--data-dir=${join(dir, 'etcd')}`,
          `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
          `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
          `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
          `--initial-cluster=default=http://127.0.0.1:${etcdPeerPort}`,
          '--unsafe-no-fsync',
          '--log-level=warn',
        ],
        logOf('etcd'),
      ),
    );
    components.push(
      new Component(
        'kube-apiserver',
        binaries.kubeApiserver,
        [
          `--etcd-servers=http://127.0.0.1:${etcdPort}`,
          '--bind-address=127.0.0.1',
          `--secure-port=${apiPort}`,
          `--tls-cert-file=${caFile}`,
          `--tls-private-key-file=${tlsKey}`,
          `--client-ca-file=${caFile}`,
          '--service-cluster-ip-range=10.96.0.0/16',
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          `--service-account-key-file=${saPub}`,
          `--service-account-signing-key-file=${saKey}`,
          '--authorization-mode=Node,RBAC',
          '--anonymous-auth=false',
          `--token-auth-file=${tokens}`,
          '--allow-privileged=true',
          '--endpoint-reconciler-type=none',
          // One machine, one user at a time: no request queuing in the way of a 1000-service seed.
          '--max-requests-inflight=0',
          '--max-mutating-requests-inflight=0',
          '--enable-priority-and-fairness=false',
        ],
        logOf('kube-apiserver'),
      ),
    );
    const client = new KubeClient({
      url,
      caCertificate: certificate.cert,
      token: adminToken,
    });
    await waitUntil(
      'kube-apiserver did not become ready',
      async () => {
        (await client.stream('GET', '/readyz')).resume();
        return true;
      },
      components,
    );
    const version = (await client.request('GET', '/version'))
      .gitVersion as string;
    const startSeconds = (Date.now() - started) / 1000;

    log('starting kube-controller-manager, kube-scheduler and kwok');
    const unlimited = ['--kube-api-qps=5000', '--kube-api-burst=10000'];
    components.push(
      new Component(
        'kube-controller-manager',
        binaries.kubeControllerManager,
        [
          `--kubeconfig=${kubeconfig}`,
          `--authentication-kubeconfig=${kubeconfig}`,
          `--authorization-kubeconfig=${kubeconfig}`,
          '--leader-elect=false',
          `--root-ca-file=${caFile}`,
          `--service-account-private-key-file=${saKey}`,
          '--use-service-account-credentials=false',
          '--bind-address=127.0.0.1',
          '--secure-port=0',
          `--controllers=${controllers}`,
          ...unlimited,
        ],
        logOf('kube-controller-manager'),
      ),
    );
    const schedulerConfig = file(
      'kube-scheduler.yaml',
      stringify({
        apiVersion: 'kubescheduler.config.k8s.io/v1',
        kind: 'KubeSchedulerConfiguration',
        clientConnection: { kubeconfig, qps: 5000, burst: 10000 },
        leaderElection: { leaderElect: false },
        // Pods that arrive before the node is Ready are retried at once, not after 10 s.
        podInitialBackoffSeconds: 1,
        podMaxBackoffSeconds: 1,
      }),
    );
    components.push(
      new Component(
        'kube-scheduler',
        binaries.kubeScheduler,
        [
          `--config=${schedulerConfig}`,
          '--bind-address=127.0.0.1',
          '--secure-port=0',
        ],
        logOf('kube-scheduler'),
      ),
    );
    const kwokConfig = file(
      'kwok.yaml',
      `${stringify({
        apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
        kind: 'KwokConfiguration',
        options: {
          cidr: '10.244.0.0/16',
          nodeIP: '10.0.0.1',
          podPlayStageParallelism: 16,
          nodePlayStageParallelism: 4,
          // Heartbeats through a Lease, renewed well within kube-controller-manager's
          // 50 s grace: without one the node flaps NotReady every minute.
          nodeLeaseDurationSeconds: 40,
          nodeLeaseParallelism: 4,
          podsOnNodeSyncParallelism: 4,
        },
      })}${kwokStages(binaries.kwokStages, options.podReadyDelayMs ?? 0)}`,
    );
    components.push(
      new Component(
        'kwok',
        binaries.kwok,
        [
          `--kubeconfig=${kubeconfig}`,
          '--manage-all-nodes=true',
          `--config=${kwokConfig}`,
          `--server-address=127.0.0.1:${await freePort()}`,
        ],
        logOf('kwok'),
      ),
    );
    await client.apply(
      {
        group: '',
        version: 'v1',
        plural: 'nodes',
        kind: 'Node',
        namespaced: false,
      },
      {
        metadata: {
          name: nodeName,
          annotations: { 'kwok.x-k8s.io/node': 'fake' },
          labels: { type: 'kwok', 'kubernetes.io/hostname': nodeName },
        },
      },
      { fieldManager: 'mesh-sandbox' },
    );
    await client.applyStatus(
      {
        group: '',
        version: 'v1',
        plural: 'nodes',
        kind: 'Node',
        namespaced: false,
      },
      undefined,
      nodeName,
      {
        allocatable: { cpu: '1000', memory: '1Ti', pods: '10000' },
        capacity: { cpu: '1000', memory: '1Ti', pods: '10000' },
      },
      { fieldManager: 'mesh-sandbox' },
    );
    await waitUntil(
      `node ${nodeName} did not become Ready and schedulable`,
      async () => {
        const node = await client.request('GET', `/api/v1/nodes/${nodeName}`);
        const ready = node.status?.conditions?.some(
          (c: any) => c.type === 'Ready' && c.status === 'True',
        );
        return ready && !(node.spec?.taints ?? []).length;
      },
      components,
    );
    client.close();
    log(`control plane ${version} ready at ${url}`);

    return {
      url,
      caCertificate: certificate.cert,
      certificate,
      adminToken,
      version,
      dir,
      binaries,
      startSeconds,
      residentBytes: () => residentBytesOf(binaries.dir),
      async stop() {
        await stopAll();
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** kwok's default stages, the pod-ready one after the given delay. */
function kwokStages(file: string, podReadyDelayMs: number): string {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map(doc => doc.toJS())
    .filter(Boolean)
    .map(stage => {
      if (stage.metadata?.name === 'pod-ready' && podReadyDelayMs > 0)
        stage.spec.delay = { durationMilliseconds: podReadyDelayMs };
      return `---\n${stringify(stage)}`;
    })
    .join('');
}

/** The summed VmRSS of every process running a binary from the folder. */
function residentBytesOf(binaryDir: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.startsWith(binaryDir)) continue;
      const rss = readFileSync(`/proc/${pid}/status`, 'utf8').match(
        /VmRSS:\s+(\d+) kB/,
      );
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
