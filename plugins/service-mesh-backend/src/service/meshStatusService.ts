import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  describeForbiddenReads,
  ForbiddenRead,
  MeshStatus,
  ObservedTraffic,
  SourceDetails,
  SourceStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { ClusterMeshSettings, MeshSettings } from '../config/meshSettings';
import { KialiClient, NamespaceHealth } from '../kiali/kialiClient';
import {
  ClusterConnection,
  findCluster,
} from '@service-mesh/plugin-service-mesh-node';
import {
  describeKubeError,
  kubeConfigFor,
} from '@service-mesh/plugin-service-mesh-node';
import { MeshReader } from '../kubernetes/meshReader';
import { observedTraffic } from '../prometheus/observedTraffic';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { EntityScope, assembleStatus } from '../status/assembleStatus';
import { ControlPlaneObjects, NamespaceObjects } from '../status/kubeObjects';
import { deliveryLink, meshLinks } from '../links/meshLinks';
import { entityScope } from './entityScope';
import { readOptionalSource, SourceRead } from './optionalSource';
import { StatusCache } from './statusCache';
import {
  ClusterWatch,
  ClusterWatchDiagnostics,
  InformerVersion,
  WatchedKind,
  WatchUnavailable,
} from '../watch/clusterWatch';
import { KubeTransport } from '../watch/kubeTransport';
import { Poller } from '../watch/telemetryPoller';

const emptyNamespace = (): NamespaceObjects => ({
  deployments: [],
  pods: [],
  services: [],
  virtualServices: [],
  destinationRules: [],
  gateways: [],
  flaggerCanaries: [],
  argoRollouts: [],
});

/** Rejects when `work` takes longer than `ms`, naming what was awaited. */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function reasonOf(error: unknown): string {
  const { code, message } = describeKubeError(error);
  return code ? `HTTP ${code}: ${message}` : message;
}

/** What Kubernetes answered about a namespace and its control plane. */
export interface KubernetesRead {
  objects: NamespaceObjects;
  controlPlane?: ControlPlaneObjects;
  status: SourceStatus;
  /** Read from the watch caches: the informers and their versions. */
  informers?: InformerVersion[];
}

/** A status as the route answers it: the document, serialised once, and what it was made from. */
interface StatusEntry {
  status: MeshStatus;
  json: string;
  /** The status without `generatedAt` and `version`: equal means unchanged. */
  fingerprint: string;
  /** Set when every source came from watches and polls: the entry holds until one of them changes. */
  deps?: {
    watch: ClusterWatch;
    informers: InformerVersion[];
    poller: Poller<TelemetryRead>;
    pollerVersion: number;
  };
  /** Otherwise the entry holds until then (cacheTtlSeconds). */
  expiresAt: number;
  lastUsed: number;
}

/** A serialised status for the REST route. */
export interface StatusDocument {
  json: string;
  version?: number;
}

/** `GET /watch/diagnostics`: what the watch caches and polls hold. */
export interface WatchDiagnostics {
  enabled: boolean;
  clusters: ClusterWatchDiagnostics[];
  polls: {
    cluster: string;
    namespace: string;
    running: boolean;
    polls: number;
    idleSeconds: number;
  }[];
}

interface TelemetryRead {
  prometheus: SourceRead<Record<string, ObservedTraffic>>;
  kiali: SourceRead<NamespaceHealth>;
}

const namespaceKey = (scope: EntityScope) =>
  `${scope.cluster}/${scope.namespace}/`;

/** Clients of one cluster, made once and reused (the Kiali session lives here). */
interface ClusterClients {
  reader: MeshReader;
  kiali?: KialiClient;
  prometheus?: PrometheusClient;
  mesh?: ClusterMeshSettings;
}

/**
 * The mesh status of catalog entities: the entity is read from the catalog on
 * behalf of the caller, then Kubernetes, Prometheus and Kiali are asked in
 * parallel; a failing source is reported in `sources` while the rest shows.
 */
export class MeshStatusService {
  private readonly kubernetesReads: StatusCache<KubernetesRead>;
  private readonly telemetryReads: StatusCache<TelemetryRead>;
  private readonly clients = new Map<string, ClusterClients>();
  private readonly watches = new Map<string, ClusterWatch>();
  private readonly pollers = new Map<string, Poller<TelemetryRead>>();
  private readonly entries = new Map<string, StatusEntry>();
  private readonly computing = new Map<string, Promise<StatusEntry>>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      clusters: ClusterConnection[];
      settings: MeshSettings;
      logger: LoggerService;
    },
  ) {
    this.kubernetesReads = new StatusCache(deps.settings.cacheTtlMs);
    this.telemetryReads = new StatusCache(deps.settings.cacheTtlMs);
  }

  /** Where an entity's mesh lives; throws NotFound / Input errors a user can act on. */
  async scopeOf(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityScope> {
    const entity = await this.deps.catalog.getEntityByRef(ref, { credentials });
    if (!entity)
      throw new NotFoundError(`no catalog entity ${stringifyEntityRef(ref)}`);
    return entityScope(
      entity,
      this.deps.clusters.map(c => c.name),
    );
  }

  async getStatus(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<MeshStatus> {
    return this.statusInScope(await this.scopeOf(ref, credentials));
  }

  /**
   * The status of an entity whose scope the caller has already read from the
   * catalog. What the sources answer is cached per namespace, so every
   * entity of a namespace shares one round of upstream calls; with watches,
   * it comes from the watch caches and the shared polls.
   */
  async statusInScope(scope: EntityScope): Promise<MeshStatus> {
    if (this.deps.settings.watch.enabled)
      return (await this.watchedEntry(scope)).status;
    return this.assemble(scope, await this.kubernetesOf(scope), {
      value: await this.telemetryReads.get(namespaceKey(scope), () =>
        this.readTelemetry(this.clientsFor(scope.cluster), scope.namespace),
      ),
    });
  }

  /**
   * The status for the REST route, serialised. With watches and
   * `sinceVersion` equal to the current version, waits up to the long-poll
   * time (or until `signal` aborts) for the status to change.
   */
  async statusDocument(
    scope: EntityScope,
    options: { sinceVersion?: number; signal?: AbortSignal } = {},
  ): Promise<StatusDocument> {
    if (!this.deps.settings.watch.enabled) {
      return { json: JSON.stringify(await this.statusInScope(scope)) };
    }
    // A view while the status is being reassembled after a change gets the one before.
    let entry = await this.watchedEntry(scope, { allowStale: true });
    const deadline = Date.now() + this.deps.settings.watch.longPollMs;
    while (
      options.sinceVersion !== undefined &&
      entry.deps &&
      entry.status.version === options.sinceVersion &&
      !options.signal?.aborted &&
      Date.now() < deadline
    ) {
      await this.changeOf(entry, deadline - Date.now(), options.signal);
      entry = await this.watchedEntry(scope);
    }
    return { json: entry.json, version: entry.status.version };
  }

  private assemble(
    scope: EntityScope,
    kubernetes: KubernetesRead,
    telemetry: { value: TelemetryRead },
  ): MeshStatus {
    const clients = this.clientsFor(scope.cluster);
    return assembleStatus({
      scope,
      objects: kubernetes.objects,
      controlPlane: kubernetes.controlPlane,
      observed: telemetry.value.prometheus.value,
      health: telemetry.value.kiali.value,
      links: meshLinks({
        mesh: clients.mesh,
        routes: kubernetes.controlPlane?.routes,
        namespace: scope.namespace,
      }),
      deliveryLinkOf: owner => deliveryLink(clients.mesh, owner),
      sources: {
        kubernetes: kubernetes.status,
        prometheus: telemetry.value.prometheus.status,
        kiali: telemetry.value.kiali.status,
      },
      driftThresholdPercent: this.deps.settings.driftThresholdPercent,
    });
  }

  /**
   * The current status of a scope in watch mode: the last one while its
   * sources are unchanged, else reassembled (one reassembly per scope at a
   * time). With `allowStale`, a status made from watches is answered at once
   * even when a source changed since, while the reassembly runs: it is at
   * most one reassembly old, and long polls wait for the new one.
   */
  private watchedEntry(
    scope: EntityScope,
    options: { allowStale?: boolean } = {},
  ): Promise<StatusEntry> {
    const key = `${scope.cluster}/${scope.namespace}/${JSON.stringify(
      scope.workloadLabels ?? null,
    )}/${scope.entity.kind}:${scope.entity.namespace}/${scope.entity.name}`;
    const entry = this.entries.get(key);
    const now = Date.now();
    if (entry && this.stillCurrent(entry, now)) {
      entry.lastUsed = now;
      if (entry.deps) {
        entry.deps.watch.touch(entry.deps.informers);
        entry.deps.poller.touch();
      }
      return Promise.resolve(entry);
    }
    let pending = this.computing.get(key);
    const stale = options.allowStale && entry?.deps ? entry : undefined;
    if (!pending) {
      pending = this.computeEntry(scope, entry);
      this.computing.set(key, pending);
      pending.then(
        fresh => {
          this.computing.delete(key);
          this.entries.set(key, fresh);
          this.forgetIdleEntries(now);
        },
        () => this.computing.delete(key),
      );
    }
    if (stale) {
      stale.lastUsed = now;
      return Promise.resolve(stale);
    }
    return pending;
  }

  private stillCurrent(entry: StatusEntry, now: number): boolean {
    if (!entry.deps) return entry.expiresAt > now;
    const { watch, informers, poller, pollerVersion } = entry.deps;
    return (
      watch.unchanged(informers) &&
      poller.running &&
      poller.currentVersion === pollerVersion
    );
  }

  private async computeEntry(
    scope: EntityScope,
    previous: StatusEntry | undefined,
  ): Promise<StatusEntry> {
    const poller = this.pollerFor(scope);
    const [kubernetes, telemetry] = await Promise.all([
      this.kubernetesOf(scope),
      poller.get(),
    ]);
    const status = this.assemble(scope, kubernetes, telemetry);
    const fingerprint = JSON.stringify({ ...status, generatedAt: undefined });
    const now = Date.now();
    const watch = this.watchFor(scope.cluster);
    const deps =
      kubernetes.informers && watch
        ? {
            watch,
            informers: kubernetes.informers,
            poller,
            pollerVersion: telemetry.version,
          }
        : undefined;
    let version: number | undefined;
    if (deps) {
      const before = previous?.status.version;
      if (before === undefined) version = now;
      else version = before + (previous!.fingerprint === fingerprint ? 0 : 1);
    }
    const document: MeshStatus =
      version === undefined ? status : { ...status, version };
    return {
      status: document,
      json: JSON.stringify(document),
      fingerprint,
      deps,
      expiresAt: now + this.deps.settings.cacheTtlMs,
      lastUsed: now,
    };
  }

  /** Resolves after the sources of `entry` changed (coalescing a burst), or at the timeout or abort. */
  private changeOf(
    entry: StatusEntry,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const { watch, informers, poller } = entry.deps!;
    const { idleStopMs } = this.deps.settings.watch;
    return new Promise(resolve => {
      const timers: {
        coalesce?: NodeJS.Timeout;
        timeout?: NodeJS.Timeout;
        keepAlive?: NodeJS.Timeout;
      } = {};
      const unsubscribers: (() => void)[] = [];
      const finish = () => {
        clearTimeout(timers.timeout);
        clearTimeout(timers.coalesce);
        clearInterval(timers.keepAlive);
        unsubscribers.forEach(unsubscribe => unsubscribe());
        signal?.removeEventListener('abort', finish);
        resolve();
      };
      const changed = () => {
        if (!timers.coalesce) timers.coalesce = setTimeout(finish, 25);
      };
      timers.timeout = setTimeout(finish, Math.max(0, timeoutMs));
      // A viewer waiting for changes keeps the informers and the poll going.
      timers.keepAlive = setInterval(() => {
        watch.touch(informers);
        poller.touch();
      }, Math.max(100, Math.min(idleStopMs / 2, 5000)));
      unsubscribers.push(
        watch.subscribe(
          informers.map(i => i.informer),
          changed,
        ),
        poller.subscribe(changed),
      );
      signal?.addEventListener('abort', finish);
      if (!this.stillCurrent(entry, Date.now())) changed();
    });
  }

  private forgetIdleEntries(now: number) {
    const limit = now - this.deps.settings.watch.idleStopMs;
    for (const [key, entry] of this.entries)
      if (entry.lastUsed < limit) this.entries.delete(key);
  }

  /** Prometheus and Kiali of a namespace, polled on the scrape interval while someone views it. */
  private pollerFor(scope: EntityScope): Poller<TelemetryRead> {
    const key = namespaceKey(scope);
    let poller = this.pollers.get(key);
    if (!poller) {
      const { watch } = this.deps.settings;
      const clients = this.clientsFor(scope.cluster);
      poller = new Poller(() => this.readTelemetry(clients, scope.namespace), {
        intervalMs: watch.telemetryIntervalMs,
        // Just after the scrape: 1 s leaves it time to land.
        offsetMs: Math.min(1000, watch.telemetryIntervalMs / 4),
        idleStopMs: watch.idleStopMs,
      });
      this.pollers.set(key, poller);
    }
    return poller;
  }

  private watchFor(clusterName: string): ClusterWatch | undefined {
    const { watch } = this.deps.settings;
    if (!watch.enabled) return undefined;
    let clusterWatch = this.watches.get(clusterName);
    if (!clusterWatch) {
      const cluster = findCluster(this.deps.clusters, clusterName);
      clusterWatch = new ClusterWatch(
        clusterName,
        new KubeTransport(kubeConfigFor(cluster)),
        {
          enabled: true,
          idleStopMs: watch.idleStopMs,
          maxObjectsPerCluster: watch.maxObjectsPerCluster,
          syncTimeoutMs: watch.syncTimeoutMs,
          backoffMs: watch.backoffMs,
          watchTimeoutSeconds: watch.watchTimeoutSeconds,
        },
        message => this.deps.logger.info(message),
      );
      this.watches.set(clusterName, clusterWatch);
    }
    return clusterWatch;
  }

  /** The state of every watch cache and poll, for `GET /watch/diagnostics`. */
  watchDiagnostics(): WatchDiagnostics {
    const now = Date.now();
    return {
      enabled: this.deps.settings.watch.enabled,
      clusters: [...this.watches.values()].map(w => w.diagnostics()),
      polls: [...this.pollers.entries()].map(([key, poller]) => {
        const [cluster, namespace] = key.split('/');
        return {
          cluster,
          namespace,
          running: poller.running,
          polls: poller.polls,
          idleSeconds: Math.round((now - poller.lastUsed) / 1000),
        };
      }),
    };
  }

  /** Takes an object the backend just wrote into the watch caches, so the next status shows it. */
  observeWrite(
    cluster: string,
    namespace: string,
    kind: WatchedKind,
    object: any,
  ) {
    if (object?.metadata)
      this.watches.get(cluster)?.existing(kind, namespace)?.observe(object);
  }

  /** Stops every watch and poll (the plugin's shutdown). */
  stop() {
    for (const watch of this.watches.values()) watch.stop();
    for (const poller of this.pollers.values()) poller.stop();
    this.watches.clear();
  }

  /**
   * The Kubernetes objects of an entity's namespace and its control plane:
   * from the watch caches when watches are on and possible, else listed
   * (cached per namespace for cacheTtlSeconds).
   */
  async kubernetesOf(scope: EntityScope): Promise<KubernetesRead> {
    const watch = this.watchFor(scope.cluster);
    let note: string | undefined;
    if (watch) {
      try {
        const read = await watch.read(scope.namespace);
        return {
          objects: read.objects,
          controlPlane: read.controlPlane,
          status: { state: 'ok', mode: 'watch', cache: read.cache },
          informers: read.informers,
        };
      } catch (error) {
        if (!(error instanceof WatchUnavailable)) {
          const reason = reasonOf(error);
          this.deps.logger.warn(
            `mesh status: kubernetes read of ${scope.namespace} failed: ${reason}`,
          );
          return {
            objects: emptyNamespace(),
            status: { state: 'error', reason, mode: 'watch' },
          };
        }
        note = error.note;
      }
    }
    const read = await this.kubernetesReads.get(namespaceKey(scope), () =>
      this.readKubernetes(
        this.clientsFor(scope.cluster).reader,
        scope.namespace,
      ),
    );
    return note
      ? {
          ...read,
          status: { ...read.status, mode: 'list', note } as SourceStatus,
        }
      : read;
  }

  /** Forgets what was read of a namespace, e.g. after its weights changed. */
  invalidate(cluster: string, namespace: string) {
    this.kubernetesReads.invalidate(`${cluster}/${namespace}/`);
    this.telemetryReads.invalidate(`${cluster}/${namespace}/`);
  }

  clientsFor(clusterName: string): ClusterClients {
    let clients = this.clients.get(clusterName);
    if (!clients) {
      const cluster = findCluster(this.deps.clusters, clusterName);
      const mesh = this.deps.settings.clusters.get(clusterName);
      clients = {
        reader: new MeshReader(kubeConfigFor(cluster)),
        ...(mesh?.kiali ? { kiali: new KialiClient(mesh.kiali) } : {}),
        ...(mesh?.prometheus
          ? { prometheus: new PrometheusClient(mesh.prometheus) }
          : {}),
        mesh,
      };
      this.clients.set(clusterName, clients);
    }
    return clients;
  }

  private async readTelemetry(
    clients: ClusterClients,
    namespace: string,
  ): Promise<TelemetryRead> {
    const { logger } = this.deps;
    const [prometheus, kiali] = await Promise.all([
      readOptionalSource(
        { name: 'prometheus', what: 'mesh status', logger },
        clients.prometheus,
        client => observedTraffic(client, namespace),
      ),
      readOptionalSource(
        { name: 'kiali', what: 'mesh status', logger },
        clients.kiali,
        client => client.namespaceHealth(namespace),
      ),
    ]);
    return { prometheus, kiali };
  }

  private async readKubernetes(
    reader: MeshReader,
    namespace: string,
  ): Promise<KubernetesRead> {
    const ms = this.deps.settings.requestTimeoutMs;
    const forbidden: ForbiddenRead[] = [];
    try {
      const objects = await withTimeout(
        reader.readNamespace(namespace, forbidden),
        ms,
        'the Kubernetes API',
      );
      const controlPlane: ControlPlaneObjects | undefined = await withTimeout(
        reader.readControlPlane(namespace, objects.namespace, forbidden),
        ms,
        'the Kubernetes API',
      );
      return {
        objects,
        controlPlane,
        status: kubernetesSourceStatus(forbidden),
      };
    } catch (error) {
      const reason = reasonOf(error);
      this.deps.logger.warn(
        `mesh status: kubernetes read of ${namespace} failed: ${reason}`,
      );
      return {
        objects: emptyNamespace(),
        controlPlane: undefined,
        status: { state: 'error', reason } as SourceStatus,
      };
    }
  }
}

/**
 * `ok`, or `degraded` naming every read the portal's credentials were
 * refused ("the portal's service account may not list pods in user1-sockshop").
 */
export function kubernetesSourceStatus(
  forbidden: ForbiddenRead[],
  details: SourceDetails = {},
): SourceStatus {
  if (forbidden.length === 0) return { state: 'ok', ...details };
  return {
    state: 'degraded',
    reason: describeForbiddenReads(forbidden),
    forbidden,
    ...details,
  };
}
