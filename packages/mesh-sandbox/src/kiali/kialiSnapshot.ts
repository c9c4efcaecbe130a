import { ClusterCache } from '../operators/clusterCache';
import { MeshSnapshot } from '../traffic/meshView';

/** The kinds Kiali reads, by group and plural. */
const kialiKinds = {
  namespaces: ['', 'namespaces'],
  pods: ['', 'pods'],
  services: ['', 'services'],
  deployments: ['apps', 'deployments'],
  routes: ['route.openshift.io', 'routes'],
  networkPolicies: ['networking.k8s.io', 'networkpolicies'],
  gateways: ['networking.istio.io', 'gateways'],
  virtualServices: ['networking.istio.io', 'virtualservices'],
  destinationRules: ['networking.istio.io', 'destinationrules'],
  controlPlanes: ['maistra.io', 'servicemeshcontrolplanes'],
} as const;

/** What Kiali reads of the cluster: its informer cache, nothing else. */
export type KialiClusterView = Pick<ClusterCache, 'get' | 'list' | 'ownedBy'>;

/** The cluster as Kiali sees it at this moment, from the cluster cache (one read per request, as Kiali's own cache serves them). */
export function kialiSnapshot(cache: KialiClusterView): MeshSnapshot {
  const all = Object.fromEntries(
    Object.entries(kialiKinds).map(([kind, [group, plural]]) => [
      kind,
      cache.list(group, plural),
    ]),
  ) as ConstructorParameters<typeof MeshSnapshot>[0];
  return new MeshSnapshot(all);
}
