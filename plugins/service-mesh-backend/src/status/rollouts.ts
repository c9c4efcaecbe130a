import {
  ANNOTATION_ROLLOUT,
  ExternalDelivery,
  HttpRouteRule,
  RolloutProblem,
  RolloutRouteKind,
  RolloutView,
  rolloutSteps,
  TrafficRoute,
} from '@service-mesh/plugin-service-mesh-common';
import {
  deliveryOwnerOf,
  deliveryStatusOf,
  storedRolloutOf,
} from '@service-mesh/plugin-service-mesh-node';
import { KubeObject, NamespaceObjects } from './kubeObjects';

/** The route objects that route a service, of both kinds, as read. */
function routeObjectsOf(
  routes: TrafficRoute[],
  httpRoutes: HttpRouteRule[],
  objects: NamespaceObjects,
): Array<{ kind: RolloutRouteKind; object: KubeObject }> {
  const virtualServices = new Set(routes.map(r => r.virtualService));
  const httpRouteNames = new Set(httpRoutes.map(r => r.httpRoute));
  return [
    ...objects.virtualServices
      .filter(v => virtualServices.has(v.metadata.name))
      .map(object => ({ kind: 'VirtualService' as const, object })),
    ...(objects.httpRoutes ?? [])
      .filter(h => httpRouteNames.has(h.metadata.name))
      .map(object => ({ kind: 'HTTPRoute' as const, object })),
  ];
}

/** The rollout of a service kept on one of its VirtualServices or HTTPRoutes, or why it cannot be read. */
export function rolloutOfService(
  service: string,
  routes: TrafficRoute[],
  httpRoutes: HttpRouteRule[],
  objects: NamespaceObjects,
): { rollout?: RolloutView; rolloutProblem?: RolloutProblem } {
  for (const { kind, object } of routeObjectsOf(routes, httpRoutes, objects)) {
    const value = object.metadata.annotations?.[ANNOTATION_ROLLOUT];
    if (value === undefined) continue;
    const name = object.metadata.name;
    try {
      const stored = storedRolloutOf(kind, object)!;
      if (stored.record.plan.service !== service) continue;
      return {
        rollout: {
          route: { kind, name, index: stored.route.index },
          plan: stored.record.plan,
          state: stored.record.state,
          steps: rolloutSteps(stored.record.plan),
          timeline: stored.timeline,
        },
      };
    } catch (error) {
      return {
        rolloutProblem: {
          route: { kind, name },
          message: (error as Error).message,
        },
      };
    }
  }
  return {};
}

/** Flagger or Argo Rollouts, when either owns a VirtualService or HTTPRoute routing the service. */
export function deliveryOfService(
  routes: TrafficRoute[],
  httpRoutes: HttpRouteRule[],
  objects: NamespaceObjects,
  linkOf?: (owner: ExternalDelivery) => string | undefined,
): ExternalDelivery | undefined {
  for (const { kind, object } of routeObjectsOf(routes, httpRoutes, objects)) {
    const owner = deliveryOwnerOf(object, objects.argoRollouts, kind);
    if (!owner) continue;
    const controllers: KubeObject[] =
      owner.tool === 'flagger' ? objects.flaggerCanaries : objects.argoRollouts;
    const delivery = deliveryStatusOf(
      owner,
      controllers.find(c => c.metadata.name === owner.name),
    );
    const link = linkOf?.(delivery);
    return link ? { ...delivery, link } : delivery;
  }
  return undefined;
}
