import * as k8s from '@kubernetes/client-node';
import { applyToLive, keptMetadata } from '../liveApply';

/** @public */
export const VIRTUAL_SERVICES = {
  group: 'networking.istio.io',
  version: 'v1beta1',
  plural: 'virtualservices',
};

/**
 * A change to a live VirtualService: one HTTP route's weights, and annotations and labels to set.
 *
 * @public
 */
export interface VirtualServiceChange {
  httpRouteIndex: number;
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
 * The server-side apply body that rewrites one HTTP route's destinations to
 * the given subset weights, keeping the host and port the route used.
 *
 * The template actions apply under the same field manager, and an apply
 * removes the fields its manager owned but no longer lists: so the body keeps
 * the live spec, labels and annotations, or hosts and gateways (which the
 * webhook requires) and the teardown label would go.
 *
 * @public
 */
export function virtualServiceApplyBody(
  live: any,
  change: VirtualServiceChange,
) {
  const http = structuredClone(live.spec?.http ?? []) as any[];
  const route = http[change.httpRouteIndex];
  const template = route?.route?.[0]?.destination ?? {};
  route.route = Object.entries(change.weights).map(([subset, weight]) => ({
    destination: {
      host: template.host,
      subset,
      ...(template.port ? { port: template.port } : {}),
    },
    weight,
  }));
  return {
    apiVersion: `${VIRTUAL_SERVICES.group}/${VIRTUAL_SERVICES.version}`,
    kind: 'VirtualService',
    metadata: keptMetadata(live, change),
    spec: { ...live.spec, http },
  };
}

/**
 * Applies a change to a live VirtualService under the plugins' field manager;
 * a field another manager owns (GitOps, kubectl edit) is a 409 that names it.
 * Answers the object as the API server stored it.
 *
 * @public
 */
export function applyVirtualServiceChange(
  kc: k8s.KubeConfig,
  live: any,
  change: VirtualServiceChange,
): Promise<any> {
  return applyToLive(
    kc,
    VIRTUAL_SERVICES,
    live,
    virtualServiceApplyBody(live, change),
    change.dryRun,
  );
}
