import { KubeClient } from './client/kubeClient';
import { ClusterConnection, startLocalCluster } from './cluster/localCluster';
import { kinds } from './client/kinds';
import { ControlPlane, nodeName } from './cluster/controlPlane';
import { installCrds, uninstallCrds } from './cluster/crds';
import { resetCluster } from './cluster/reset';
import { leaseSharedCluster } from './cluster/sharedCluster';
import {
  Controller,
  MutatingWebhook,
  SandboxContext,
  SandboxSettings,
} from './context';
import { kubeconfigYaml } from './kubeconfig';
import { ClusterCache } from './operators/clusterCache';
import { Scheduler } from './scheduler';
import { SandboxTokens } from './server/auth';
import { ServingCertificate } from './server/certificate';
import { FaultInjector } from './server/faults';
import { RouteHandler } from './server/http';
import { serverPort, startHttpsServer } from './server/sandboxServer';
import { RequestStats } from './server/stats';
import { registerWebhooks } from './server/webhooks';
import { settle } from './settle';

export interface SandboxOptions {
  /** The port clients use (Kubernetes API, Kiali, metrics); 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** The serving certificate of a cluster this sandbox starts (kept across restarts by the CLI). */
  certificate?: ServingCertificate;
  appsDomain?: string;
  trafficRps?: number;
  /** Simulated operators and services to run. */
  controllers?: Controller[];
  /** Seeds the cluster once the controllers run. */
  seed?: (context: SandboxContext) => void | Promise<void>;
  log?: (message: string) => void;
  /** Runs on this cluster; otherwise the jest run's shared one, or a new one of its own. */
  cluster?: ClusterConnection;
}

/** A running local cluster: the real API server behind the sandbox's port, with the simulators. */
export interface Sandbox {
  /** What clients use: the Kubernetes API (proxied to the real API server), Kiali, /metrics. */
  url: string;
  /** PEM of the CA that signed the serving certificates. */
  caCertificate: string;
  port: number;
  /** The kube-apiserver's own URL (no stats, no faults). */
  apiServerUrl: string;
  /** The server's gitVersion, e.g. v1.36.3. */
  version: string;
  tokens: SandboxTokens;
  /** A cluster-admin client of the API server, for tests to arrange and inspect. */
  client: KubeClient;
  /** The cluster as the simulators see it. */
  cache: ClusterCache;
  /** Requests clients made through `url`, by verb and resource. */
  stats: RequestStats;
  faults: FaultInjector;
  settings: SandboxSettings;
  /** The control plane, when this sandbox started it (not when it leased the jest run's). */
  controlPlane?: ControlPlane;
  /** Resolves when the simulators and Kubernetes' controllers have caught up. */
  settle(timeoutMs?: number): Promise<void>;
  /**
   * Deletes CRDs (and with them every object of their kinds) until the API
   * server no longer serves them: a cluster without that operator. The next
   * sandbox on the cluster, or `installCrds()`, brings them back.
   */
  uninstallCrds(names: string[]): Promise<void>;
  /** Installs the upstream CRDs that are missing. */
  installCrds(): Promise<void>;
  /**
   * Cordons the cluster's node (false) so that new pods stay Pending, as on a
   * cluster out of capacity, or uncordons it (true).
   */
  setNodeSchedulable(schedulable: boolean): Promise<void>;
  /** A kubeconfig for the portal's token (or another access level), at `url`. */
  kubeconfig(access?: keyof SandboxTokens): string;
  stop(): Promise<void>;
}

async function acquireCluster(options: SandboxOptions) {
  if (options.cluster)
    return {
      connection: options.cluster,
      fresh: false,
      release: async () => {},
    };
  const lease = await leaseSharedCluster();
  if (lease) return { ...lease, release: async () => lease.release() };
  const own = await startLocalCluster({
    certificate: options.certificate,
    log: options.log,
  });
  return {
    connection: own as ClusterConnection,
    fresh: true,
    controlPlane: own.controlPlane,
    release: () => own.stop(),
  };
}

export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const log = options.log ?? (() => {});
  const cluster = await acquireCluster(options);
  const { connection } = cluster;
  const stops: (() => void | Promise<void>)[] = [cluster.release];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const client = new KubeClient({
      url: connection.url,
      caCertificate: connection.certificate.cert,
      token: connection.tokens.admin,
      userAgent: 'mesh-sandbox',
    });
    stops.push(() => client.close());
    if (!cluster.fresh) await resetCluster(client, connection);

    const stats = new RequestStats();
    const faults = new FaultInjector();
    const scheduler = new Scheduler((key, error) =>
      log(`controller job ${key} failed: ${(error as Error)?.stack ?? error}`),
    );
    stops.push(() => scheduler.stop());
    const handlers: RouteHandler[] = [];
    const webhooks: MutatingWebhook[] = [];
    const host = options.host ?? '127.0.0.1';
    const { server, closeProxy } = await startHttpsServer(
      {
        apiServer: {
          url: connection.url,
          caCertificate: connection.certificate.cert,
        },
        tokens: connection.tokens,
        stats,
        faults,
        handlers,
        webhooks: () => webhooks,
      },
      connection.certificate,
      options.port ?? 0,
      host,
    );
    stops.push(async () => {
      closeProxy();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    });
    const port = serverPort(server);
    const url = `https://${host}:${port}`;
    const settings: SandboxSettings = {
      appsDomain: options.appsDomain ?? 'apps.sandbox.local',
      trafficRps: options.trafficRps ?? 20,
      url,
    };
    const cache = new ClusterCache(client, undefined, log);
    stops.push(() => cache.stop());
    await cache.synced();
    const context: SandboxContext = {
      client,
      cache,
      scheduler,
      settings,
      tokens: connection.tokens,
      log,
      addHandler: handler => handlers.push(handler),
      addWebhook: webhook => webhooks.push(webhook),
    };
    for (const controller of options.controllers ?? []) {
      const stop = controller.start(context);
      if (stop) stops.push(stop);
    }
    if (webhooks.length > 0)
      await registerWebhooks(
        client,
        webhooks,
        url,
        connection.certificate.cert,
      );
    await options.seed?.(context);

    return {
      url,
      caCertificate: connection.certificate.cert,
      port,
      apiServerUrl: connection.url,
      version: connection.version,
      tokens: connection.tokens,
      client,
      cache,
      stats,
      faults,
      settings,
      controlPlane: (cluster as { controlPlane?: ControlPlane }).controlPlane,
      settle: timeoutMs => settle(scheduler, cache, timeoutMs),
      kubeconfig: (access = 'write') =>
        kubeconfigYaml({
          url,
          token: connection.tokens[access],
          caCertificate: connection.certificate.cert,
        }),
      uninstallCrds: names => uninstallCrds(client, names),
      installCrds: () => installCrds(client, connection),
      setNodeSchedulable: async schedulable => {
        await client.mergePatch(kinds.nodes, undefined, nodeName, {
          spec: { unschedulable: schedulable ? null : true },
        });
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
