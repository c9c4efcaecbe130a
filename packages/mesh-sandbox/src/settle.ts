import { sleep } from './sleep';
import { ClusterCache } from './operators/clusterCache';
import { Scheduler } from './scheduler';

/** What still moves in the cluster, or undefined when every workload has rolled out. */
export function stillMoving(cache: ClusterCache): string | undefined {
  for (const ns of cache.list('', 'namespaces')) {
    if (ns.status?.phase === 'Terminating')
      return `namespace ${ns.metadata.name} is terminating`;
  }
  for (const d of cache.list('apps', 'deployments')) {
    const wanted = d.spec?.replicas ?? 1;
    const status = d.status ?? {};
    const done =
      (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) &&
      (status.updatedReplicas ?? 0) === wanted &&
      (status.readyReplicas ?? 0) === wanted &&
      (status.replicas ?? 0) === wanted;
    if (!done)
      return `deployment ${d.metadata.namespace}/${
        d.metadata.name
      } is rolling out (${status.readyReplicas ?? 0}/${wanted} ready)`;
  }
  for (const pod of cache.list('', 'pods')) {
    if (pod.metadata.deletionTimestamp)
      return `pod ${pod.metadata.namespace}/${pod.metadata.name} is terminating`;
  }
  return undefined;
}

/**
 * Resolves once the simulators have no work left and Kubernetes' own
 * controllers (kube-controller-manager, the scheduler, kwok) have rolled out
 * every Deployment, twice in a row a moment apart.
 */
export async function settle(
  scheduler: Scheduler,
  cache: ClusterCache,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  let moving: string | undefined;
  while (calm < 2) {
    const left = deadline - Date.now();
    if (left <= 0)
      throw new Error(
        `the local cluster did not settle within ${timeoutMs} ms: ${
          moving ?? 'simulators busy'
        }`,
      );
    await scheduler.settle(left);
    moving = stillMoving(cache);
    calm = moving || !scheduler.idle ? 0 : calm + 1;
    await sleep(moving ? 50 : 30);
  }
}
