import { ClusterCache } from '../operators/clusterCache';
import { MeshSnapshot, meshSnapshotOf } from '../traffic/meshView';

/** What Kiali reads of the cluster: its informer cache, nothing else. */
export type KialiClusterView = Pick<ClusterCache, 'get' | 'list' | 'ownedBy'>;

/** The cluster as Kiali sees it at this moment, from the cluster cache (one read per request, as Kiali's own cache serves them). */
export function kialiSnapshot(cache: KialiClusterView): MeshSnapshot {
  return meshSnapshotOf(cache);
}
