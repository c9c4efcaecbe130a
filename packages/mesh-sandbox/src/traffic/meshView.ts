import { K8sObject } from '../k8s/types';
import { ClusterCache } from '../operators/clusterCache';

/** The kinds traffic depends on, by group and plural. */
const watched = {
  namespaces: ['', 'namespaces'],
  pods: ['', 'pods'],
  services: ['', 'services'],
  deployments: ['apps', 'deployments'],
  routes: ['route.openshift.io', 'routes'],
  networkPolicies: ['networking.k8s.io', 'networkpolicies'],
  gateways: ['networking.istio.io', 'gateways'],
  virtualServices: ['networking.istio.io', 'virtualservices'],
  destinationRules: ['networking.istio.io', 'destinationrules'],
  gatewayApiGateways: ['gateway.networking.k8s.io', 'gateways'],
  httpRoutes: ['gateway.networking.k8s.io', 'httproutes'],
  controlPlanes: ['maistra.io', 'servicemeshcontrolplanes'],
} as const;

type Kind = keyof typeof watched;
const watchedPlurals = new Set<string>([
  ...Object.values(watched).map(([, plural]) => plural),
  'customresourcedefinitions',
]);

/** All objects of the watched kinds at one moment, indexed by namespace. */
export class MeshSnapshot {
  private readonly byNamespace = new Map<Kind, Map<string, K8sObject[]>>();

  constructor(readonly all: Record<Kind, K8sObject[]>) {
    for (const kind of Object.keys(all) as Kind[]) {
      const index = new Map<string, K8sObject[]>();
      for (const object of all[kind]) {
        const ns = object.metadata.namespace ?? '';
        index.set(ns, [...(index.get(ns) ?? []), object]);
      }
      this.byNamespace.set(kind, index);
    }
  }

  in(kind: Kind, namespace: string): K8sObject[] {
    return this.byNamespace.get(kind)?.get(namespace) ?? [];
  }

  find(kind: Kind, namespace: string, name: string): K8sObject | undefined {
    return this.in(kind, namespace).find(o => o.metadata.name === name);
  }

  namespace(name: string): K8sObject | undefined {
    return this.all.namespaces.find(n => n.metadata.name === name);
  }

  /**
   * A namespace's labels, with Maistra's label on a control-plane namespace
   * (the operator labels its own namespace a member of itself).
   */
  namespaceLabels(name: string): Record<string, string> {
    const labels = { ...this.namespace(name)?.metadata.labels };
    labels['kubernetes.io/metadata.name'] = name;
    if (this.in('controlPlanes', name).length > 0) {
      labels['maistra.io/member-of'] ??= name;
    }
    return labels;
  }
}

/** Every object of the watched kinds in the cache now (a kind whose CRD is gone has none). */
export function meshSnapshotOf(
  cache: Pick<ClusterCache, 'list'>,
): MeshSnapshot {
  const all = {} as Record<Kind, K8sObject[]>;
  for (const kind of Object.keys(watched) as Kind[]) {
    const [group, plural] = watched[kind];
    all[kind] = cache.list(group, plural);
  }
  return new MeshSnapshot(all);
}

/**
 * A cached snapshot of the cluster for traffic decisions, rebuilt lazily after
 * any change to a kind that affects routing.
 */
export class MeshView {
  private snapshot: MeshSnapshot | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly cache: ClusterCache) {
    this.unsubscribe = cache.subscribe(event => {
      if (watchedPlurals.has(event.kind.plural)) this.snapshot = undefined;
    });
  }

  current(): MeshSnapshot {
    this.snapshot ??= meshSnapshotOf(this.cache);
    return this.snapshot;
  }

  stop() {
    this.unsubscribe();
  }
}
