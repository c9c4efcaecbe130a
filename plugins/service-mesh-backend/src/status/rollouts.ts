import {
  ANNOTATION_ROLLOUT,
  ExternalDelivery,
  RolloutProblem,
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

/** The rollout of a service kept on one of its routes' VirtualServices, or why it cannot be read. */
export function rolloutOfService(
  service: string,
  routes: TrafficRoute[],
  objects: NamespaceObjects,
): { rollout?: RolloutView; rolloutProblem?: RolloutProblem } {
  const names = new Set(routes.map(r => r.virtualService));
  for (const virtualService of objects.virtualServices) {
    if (!names.has(virtualService.metadata.name)) continue;
    const value = virtualService.metadata.annotations?.[ANNOTATION_ROLLOUT];
    if (value === undefined) continue;
    try {
      const stored = storedRolloutOf(virtualService)!;
      if (stored.record.plan.service !== service) continue;
      return {
        rollout: {
          virtualService: virtualService.metadata.name,
          httpRouteIndex: stored.httpRouteIndex,
          plan: stored.record.plan,
          state: stored.record.state,
          steps: rolloutSteps(stored.record.plan),
          timeline: stored.timeline,
        },
      };
    } catch (error) {
      return {
        rolloutProblem: {
          virtualService: virtualService.metadata.name,
          message: (error as Error).message,
        },
      };
    }
  }
  return {};
}

/** Flagger or Argo Rollouts, when either owns a VirtualService routing the service. */
export function deliveryOfService(
  routes: TrafficRoute[],
  objects: NamespaceObjects,
  linkOf?: (owner: ExternalDelivery) => string | undefined,
): ExternalDelivery | undefined {
  const names = new Set(routes.map(r => r.virtualService));
  for (const virtualService of objects.virtualServices) {
    if (!names.has(virtualService.metadata.name)) continue;
    const owner = deliveryOwnerOf(virtualService, objects.argoRollouts);
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
