import * as k8s from '@kubernetes/client-node';
import { applyToLive, keptMetadata } from './liveApply';

/** @public */
export const HTTP_ROUTES = {
  group: 'gateway.networking.k8s.io',
  version: 'v1',
  plural: 'httproutes',
};

/**
 * A change to a live HTTPRoute: one rule's backendRef weights, keyed by the
 * backendRefs' Service names, and annotations and labels to set.
 *
 * @public
 */
export interface HttpRouteChange {
  ruleIndex: number;
  weights: Record<string, number>;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  /**
   * Apply only if the object is still at the live object's resourceVersion;
   * otherwise the API server answers 409 and nothing is written.
   */
  onlyIfUnchanged?: boolean;
  /** Let the API server check the apply (field ownership, schema) without storing it. */
  dryRun?: boolean;
}

/**
 * The backendRef Service names of a rule that `weights` does not name, so
 * that a caller can refuse the change before writing (`weights.<name>`).
 *
 * @public
 */
export function unknownBackendRefs(
  live: any,
  change: Pick<HttpRouteChange, 'ruleIndex' | 'weights'>,
): string[] {
  const refs = (live.spec?.rules?.[change.ruleIndex]?.backendRefs ??
    []) as any[];
  const names = new Set(refs.map(ref => ref?.name));
  return Object.keys(change.weights).filter(name => !names.has(name));
}

/**
 * The server-side apply body that sets one rule's backendRef weights.
 *
 * Like the VirtualService body, it re-sends the live spec, labels and
 * annotations: an apply drops the fields its manager owned but no longer
 * lists, and the scaffolder module applies whole HTTPRoutes under the same
 * manager. A backendRef `weights` does not name keeps its weight.
 *
 * @public
 */
export function httpRouteApplyBody(live: any, change: HttpRouteChange) {
  const rules = structuredClone(live.spec?.rules ?? []) as any[];
  const rule = rules[change.ruleIndex];
  if (!rule)
    throw new Error(
      `HTTPRoute ${live.metadata?.name} has no rule ${change.ruleIndex}`,
    );
  rule.backendRefs = ((rule.backendRefs ?? []) as any[]).map(ref =>
    ref?.name in change.weights
      ? { ...ref, weight: change.weights[ref.name] }
      : ref,
  );
  return {
    apiVersion: `${HTTP_ROUTES.group}/${HTTP_ROUTES.version}`,
    kind: 'HTTPRoute',
    metadata: keptMetadata(live, change),
    spec: { ...live.spec, rules },
  };
}

/**
 * Applies a change to a live HTTPRoute under the plugins' field manager; a
 * field another manager owns (GitOps, kubectl edit) is a 409 that names it.
 * Answers the object as the API server stored it.
 *
 * @public
 */
export function applyHttpRouteChange(
  kc: k8s.KubeConfig,
  live: any,
  change: HttpRouteChange,
): Promise<any> {
  return applyToLive(
    kc,
    HTTP_ROUTES,
    live,
    httpRouteApplyBody(live, change),
    change.dryRun,
  );
}
