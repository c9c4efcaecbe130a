import * as k8s from '@kubernetes/client-node';
import { applyHttpRouteChange } from '../httpRouteApply';
import { RolloutRoute } from './rolloutRoute';
import { applyVirtualServiceChange } from './virtualServiceApply';

/**
 * A change to a rollout's route: the weights keyed by subset (VirtualService)
 * or backendRef Service (HTTPRoute), with annotations and labels to set.
 *
 * @public
 */
export interface RolloutRouteChange {
  weights: Record<string, number>;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  /** Apply only if the object is still at the read resourceVersion (else 409, nothing written). */
  onlyIfUnchanged?: boolean;
  dryRun?: boolean;
}

/**
 * Applies a change to the route's live object with the writer of its kind.
 * Answers the object as the API server stored it.
 *
 * @public
 */
export function applyRolloutRouteChange(
  kc: k8s.KubeConfig,
  route: RolloutRoute,
  change: RolloutRouteChange,
): Promise<any> {
  return route.kind === 'VirtualService'
    ? applyVirtualServiceChange(kc, route.object, {
        ...change,
        httpRouteIndex: route.index,
      })
    : applyHttpRouteChange(kc, route.object, {
        ...change,
        ruleIndex: route.index,
      });
}
