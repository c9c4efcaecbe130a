import {
  describeForbiddenRead,
  ForbiddenRead,
} from '@service-mesh/plugin-service-mesh-common';
import {
  ARGO_ROLLOUTS,
  FLAGGER_CANARIES,
} from '@service-mesh/plugin-service-mesh-node';
import {
  ControlPlaneSource,
  resolveControlPlane,
} from '../kubernetes/meshReader';
import {
  ControlPlaneObjects,
  KubeObject,
  NamespaceObjects,
} from '../status/kubeObjects';
import { Informer, InformerCounters, InformerState } from './informer';
import { KindSpec, KubeTransport } from './kubeTransport';

/** Exactly the kinds the status reads (see MeshReader). */
export const watchedKinds = {
  namespaces: { group: '', version: 'v1', plural: 'namespaces' },
  deployments: { group: 'apps', version: 'v1', plural: 'deployments' },
  pods: { group: '', version: 'v1', plural: 'pods' },
  services: { group: '', version: 'v1', plural: 'services' },
  virtualservices: {
    group: 'networking.istio.io',
    version: 'v1beta1',
    plural: 'virtualservices',
  },
  destinationrules: {
    group: 'networking.istio.io',
    version: 'v1beta1',
    plural: 'destinationrules',
  },
  gateways: {
    group: 'networking.istio.io',
    version: 'v1beta1',
    plural: 'gateways',
  },
  servicemeshcontrolplanes: {
    group: 'maistra.io',
    version: 'v2',
    plural: 'servicemeshcontrolplanes',
  },
  servicemeshmemberrolls: {
    group: 'maistra.io',
    version: 'v1',
    plural: 'servicemeshmemberrolls',
  },
  routes: { group: 'route.openshift.io', version: 'v1', plural: 'routes' },
  canaries: FLAGGER_CANARIES,
  rollouts: ARGO_ROLLOUTS,
  httproutes: {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    plural: 'httproutes',
  },
  'gateways.gateway.networking.k8s.io': {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    plural: 'gateways',
  },
  authorizationpolicies: {
    group: 'security.istio.io',
    version: 'v1',
    plural: 'authorizationpolicies',
  },
  istios: { group: 'sailoperator.io', version: 'v1', plural: 'istios' },
  istiorevisions: {
    group: 'sailoperator.io',
    version: 'v1',
    plural: 'istiorevisions',
  },
  istiorevisiontags: {
    group: 'sailoperator.io',
    version: 'v1',
    plural: 'istiorevisiontags',
  },
} satisfies Record<string, KindSpec>;

export type WatchedKind = keyof typeof watchedKinds;

export interface WatchSettings {
  enabled: boolean;
  /** Informers nobody read for this long are stopped. */
  idleStopMs: number;
  /** At most this many objects in one cluster's watch caches. */
  maxObjectsPerCluster: number;
  /** How long a read waits for an informer's first list. */
  syncTimeoutMs: number;
  backoffMs: { initial: number; max: number };
  watchTimeoutSeconds: number;
}

/** The namespace cannot be read from watches: the caller lists it per request, saying why. */
export class WatchUnavailable extends Error {
  constructor(readonly note: string) {
    super(note);
    this.name = 'WatchUnavailable';
  }
}

/** What the watch caches hold about a namespace and its control plane, and what it was read from. */
export interface WatchedRead {
  objects: NamespaceObjects;
  controlPlane?: ControlPlaneObjects;
  /** The informers the read used, each with its version when read: unchanged versions mean an unchanged read. */
  informers: InformerVersion[];
  cache: { objects: number; maxObjects: number };
}

export interface InformerVersion {
  informer: Informer;
  version: number;
}

export interface InformerDiagnostics {
  kind: string;
  namespace?: string;
  fieldSelector?: string;
  state: InformerState;
  reason?: string;
  objects: number;
  resourceVersion: string;
  idleSeconds: number;
  counters: InformerCounters;
}

export interface ClusterWatchDiagnostics {
  cluster: string;
  objects: number;
  maxObjects: number;
  informers: InformerDiagnostics[];
  /** Namespaces read with LIST instead, and why. */
  listed: Record<string, string>;
}

/**
 * The watch caches of one cluster: an informer per kind the status reads and
 * namespace an entity points at (plus its control plane's), made on the first
 * read, stopped when no status read it for `idleStopMs`; at most
 * `maxObjectsPerCluster` objects in all.
 */
export class ClusterWatch {
  private readonly informers = new Map<string, Informer>();
  private readonly listeners = new Map<Informer, Set<() => void>>();
  /** Namespaces that fell back to LIST, with the reason, until they go idle. */
  private readonly listed = new Map<
    string,
    { note: string; lastUsed: number }
  >();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly cluster: string,
    private readonly transport: KubeTransport,
    private readonly settings: WatchSettings,
    private readonly log: (message: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(
      () => this.sweep(),
      Math.max(100, Math.min(settings.idleStopMs / 4, 30_000)),
    );
    this.sweeper.unref?.();
  }

  private informer(
    kind: WatchedKind,
    namespace?: string,
    fieldSelector?: string,
  ): Informer {
    const key = `${kind}/${namespace ?? '*'}/${fieldSelector ?? ''}`;
    let informer = this.informers.get(key);
    if (!informer) {
      const created: Informer = new Informer({
        transport: this.transport,
        kind: watchedKinds[kind],
        namespace,
        fieldSelector,
        backoffMs: this.settings.backoffMs,
        watchTimeoutSeconds: this.settings.watchTimeoutSeconds,
        listTimeoutMs: Math.max(this.settings.syncTimeoutMs, 30_000),
        log: this.log,
        onChange: () => this.notify(created),
      });
      informer = created;
      this.informers.set(key, informer.start());
    }
    informer.lastUsed = this.now();
    return informer;
  }

  private notify(informer: Informer) {
    for (const listener of this.listeners.get(informer) ?? []) listener();
  }

  /** Calls `listener` after any change of these informers; returns the unsubscribe. */
  subscribe(informers: Informer[], listener: () => void): () => void {
    for (const informer of informers) {
      let set = this.listeners.get(informer);
      if (!set) this.listeners.set(informer, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const informer of informers) {
        const set = this.listeners.get(informer);
        set?.delete(listener);
        if (set?.size === 0) this.listeners.delete(informer);
      }
    };
  }

  /** Whether an earlier read would read the same now: the same informers, still running, at the same versions. */
  unchanged(read: InformerVersion[]): boolean {
    return read.every(
      ({ informer, version }) =>
        informer.running && informer.version === version,
    );
  }

  /** Keeps the informers of an earlier read from going idle (a viewer still follows it). */
  touch(read: InformerVersion[]) {
    const now = this.now();
    for (const { informer } of read) informer.lastUsed = now;
  }

  get objectCount(): number {
    let total = 0;
    for (const informer of this.informers.values()) total += informer.size;
    return total;
  }

  /** The informer of a kind in a namespace, if running (for writes the backend makes itself). */
  existing(kind: WatchedKind, namespace: string): Informer | undefined {
    return this.informers.get(`${kind}/${namespace}/`);
  }

  /**
   * A namespace's objects and its control plane from the watch caches.
   * Throws WatchUnavailable when they cannot serve it (RBAC forbids list or
   * watch of a kind, or the cap on objects): the caller then lists.
   */
  async read(namespace: string): Promise<WatchedRead> {
    const fallback = this.listed.get(namespace);
    if (fallback) {
      fallback.lastUsed = this.now();
      throw new WatchUnavailable(fallback.note);
    }
    const used: InformerVersion[] = [];
    const items = async (
      kind: WatchedKind,
      ns?: string,
      fieldSelector?: string,
    ): Promise<KubeObject[]> => {
      const informer = this.informer(kind, ns, fieldSelector);
      await informer.synced(this.settings.syncTimeoutMs);
      used.push({ informer, version: informer.version });
      switch (informer.state) {
        case 'syncing':
          throw new Error(
            `the Kubernetes API did not answer the list of ${kind} within ${this.settings.syncTimeoutMs} ms`,
          );
        case 'failed':
          throw new Error(informer.reason ?? `listing ${kind} failed`);
        case 'forbidden-list':
        case 'forbidden-watch': {
          const verb = informer.state === 'forbidden-list' ? 'list' : 'watch';
          const read: ForbiddenRead =
            kind === 'namespaces'
              ? { verb, resource: kind, name: namespace }
              : { verb, resource: kind, namespace: ns };
          // Refused: no use asking again until the namespace goes quiet.
          this.remove(informer);
          throw this.fallBack(
            namespace,
            `the portal's service account may not ${describeForbiddenRead(
              read,
            )}, so this namespace is listed on each request instead of watched`,
          );
        }
        default:
          return informer.items();
      }
    };
    const [
      namespaces,
      deployments,
      pods,
      services,
      virtualServices,
      destinationRules,
      gateways,
      flaggerCanaries,
      argoRollouts,
      httpRoutes,
      gatewayApiGateways,
      authorizationPolicies,
    ] = await Promise.all([
      items('namespaces', undefined, `metadata.name=${namespace}`),
      items('deployments', namespace),
      items('pods', namespace),
      items('services', namespace),
      items('virtualservices', namespace),
      items('destinationrules', namespace),
      items('gateways', namespace),
      items('canaries', namespace),
      items('rollouts', namespace),
      items('httproutes', namespace),
      items('gateways.gateway.networking.k8s.io', namespace),
      items('authorizationpolicies', namespace),
    ]);
    const objects: NamespaceObjects = {
      namespace: namespaces.find(n => n.metadata.name === namespace),
      deployments,
      pods,
      services,
      virtualServices,
      destinationRules,
      gateways,
      flaggerCanaries,
      argoRollouts,
      httpRoutes,
      gatewayApiGateways,
      authorizationPolicies,
    };
    const source: ControlPlaneSource = {
      memberRolls: () => items('servicemeshmemberrolls'),
      maistra: async controlPlaneNamespace => {
        const [controlPlanes, rolls, routes] = await Promise.all([
          items('servicemeshcontrolplanes', controlPlaneNamespace),
          items('servicemeshmemberrolls', controlPlaneNamespace),
          items('routes', controlPlaneNamespace),
        ]);
        return {
          controlPlanes: [...controlPlanes].sort((a, b) =>
            a.metadata.name.localeCompare(b.metadata.name),
          ),
          memberRoll: rolls.find(r => r.metadata.name === 'default'),
          routes,
        };
      },
      istioDeployments: () => items('deployments', 'istio-system'),
      sail: async () => {
        const [istios, istioRevisions, istioRevisionTags] = await Promise.all([
          items('istios'),
          items('istiorevisions'),
          items('istiorevisiontags'),
        ]);
        return { istios, istioRevisions, istioRevisionTags };
      },
    };
    const controlPlane = await resolveControlPlane(
      namespace,
      objects.namespace,
      source,
    );
    const total = this.enforceCap(used.map(u => u.informer));
    if (total > this.settings.maxObjectsPerCluster) {
      for (const { informer } of used) this.remove(informer);
      throw this.fallBack(
        namespace,
        `the watch caches of cluster ${this.cluster} would hold ${total} objects, more than serviceMesh.watch.maxObjectsPerCluster (${this.settings.maxObjectsPerCluster}), so this namespace is listed on each request instead of watched`,
      );
    }
    return {
      objects,
      controlPlane,
      informers: used,
      cache: { objects: total, maxObjects: this.settings.maxObjectsPerCluster },
    };
  }

  /** Lists the namespace from now on (until it goes idle); the first reason found is kept. */
  private fallBack(namespace: string, note: string): WatchUnavailable {
    const existing = this.listed.get(namespace);
    if (existing) return new WatchUnavailable(existing.note);
    this.log(`mesh status: ${namespace} in ${this.cluster}: ${note}`);
    this.listed.set(namespace, { note, lastUsed: this.now() });
    return new WatchUnavailable(note);
  }

  /** Stops the least recently read informers (not those of the current read) until the cluster is under its cap; answers the count. */
  private enforceCap(keep: Informer[]): number {
    let total = this.objectCount;
    if (total <= this.settings.maxObjectsPerCluster) return total;
    const kept = new Set(keep);
    const candidates = [...this.informers.values()]
      .filter(i => !kept.has(i))
      .sort((a, b) => a.lastUsed - b.lastUsed);
    for (const informer of candidates) {
      if (total <= this.settings.maxObjectsPerCluster) break;
      total -= informer.size;
      this.remove(informer);
    }
    return total;
  }

  private remove(informer: Informer) {
    informer.stop();
    for (const [key, value] of this.informers)
      if (value === informer) this.informers.delete(key);
    this.notify(informer);
    this.listeners.delete(informer);
  }

  /** Stops what nobody read for the quiet period. */
  sweep() {
    const limit = this.now() - this.settings.idleStopMs;
    for (const informer of [...this.informers.values()])
      if (informer.lastUsed < limit) {
        this.log(
          `mesh status: stopping the watch of ${informer.kind.plural}${
            informer.namespace ? ` in ${informer.namespace}` : ''
          } in ${this.cluster}, unread for ${Math.round(
            (this.now() - informer.lastUsed) / 1000,
          )} s`,
        );
        this.remove(informer);
      }
    for (const [namespace, entry] of this.listed)
      if (entry.lastUsed < limit) this.listed.delete(namespace);
  }

  diagnostics(): ClusterWatchDiagnostics {
    const now = this.now();
    return {
      cluster: this.cluster,
      objects: this.objectCount,
      maxObjects: this.settings.maxObjectsPerCluster,
      informers: [...this.informers.entries()].map(([key, i]) => ({
        kind: i.kind.plural,
        ...(i.namespace ? { namespace: i.namespace } : {}),
        ...(key.split('/')[2] ? { fieldSelector: key.split('/')[2] } : {}),
        state: i.state,
        ...(i.reason ? { reason: i.reason } : {}),
        objects: i.size,
        resourceVersion: i.lastResourceVersion,
        idleSeconds: Math.round((now - i.lastUsed) / 1000),
        counters: { ...i.counters },
      })),
      listed: Object.fromEntries(
        [...this.listed].map(([namespace, { note }]) => [namespace, note]),
      ),
    };
  }

  stop() {
    clearInterval(this.sweeper);
    for (const informer of [...this.informers.values()]) this.remove(informer);
    this.transport.close();
  }
}
