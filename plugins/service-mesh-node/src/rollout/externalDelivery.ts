import * as k8s from '@kubernetes/client-node';
import {
  ExternalDelivery,
  RolloutRouteKind,
} from '@service-mesh/plugin-service-mesh-common';

/** @public */
export const FLAGGER_CANARIES = {
  group: 'flagger.app',
  version: 'v1beta1',
  plural: 'canaries',
};
/** @public */
export const ARGO_ROLLOUTS = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'rollouts',
};

/** The routes an Argo Rollout's canary steps, of one kind: Istio VirtualServices or the Gateway API plugin's HTTPRoutes. */
function argoRoutedNames(rollout: any, kind: RolloutRouteKind): string[] {
  const routing = rollout.spec?.strategy?.canary?.trafficRouting ?? {};
  if (kind === 'VirtualService') {
    const istio = routing.istio ?? {};
    return [istio.virtualService, ...(istio.virtualServices ?? [])]
      .filter(Boolean)
      .map((v: any) => v.name);
  }
  const gatewayApi = routing.plugins?.['argoproj-labs/gatewayAPI'] ?? {};
  return [
    gatewayApi.httpRoute,
    ...((gatewayApi.httpRoutes ?? []) as any[]).map(r => r?.name),
  ].filter((name): name is string => typeof name === 'string');
}

/**
 * The controller a route object belongs to: Flagger's ownerReference to its
 * Canary, or an Argo Rollout naming it (`trafficRouting.istio` for a
 * VirtualService, the Gateway API plugin for an HTTPRoute).
 *
 * @public
 */
export function deliveryOwnerOf(
  route: any,
  argoRollouts: any[],
  kind: RolloutRouteKind = 'VirtualService',
): Pick<ExternalDelivery, 'tool' | 'kind' | 'name' | 'namespace'> | undefined {
  const namespace = route.metadata.namespace;
  const canary = (route.metadata?.ownerReferences ?? []).find(
    (o: any) =>
      o?.kind === 'Canary' && String(o?.apiVersion).startsWith('flagger.app/'),
  );
  if (canary) {
    return { tool: 'flagger', kind: 'Canary', namespace, name: canary.name };
  }
  const rollout = argoRollouts.find(r =>
    argoRoutedNames(r, kind).includes(route.metadata.name),
  );
  if (rollout) {
    return {
      tool: 'argo-rollouts',
      kind: 'Rollout',
      namespace,
      name: rollout.metadata.name,
    };
  }
  return undefined;
}

/**
 * The controller's own view of its rollout: phase, canary weight, latest message.
 *
 * @public
 */
export function deliveryStatusOf(
  owner: Pick<ExternalDelivery, 'tool' | 'kind' | 'name' | 'namespace'>,
  object: any | undefined,
): ExternalDelivery {
  const status = object?.status ?? {};
  const weight =
    owner.tool === 'flagger'
      ? status.canaryWeight
      : status.canary?.weights?.canary?.weight;
  const message =
    owner.tool === 'flagger'
      ? status.conditions?.find((c: any) => c?.type === 'Promoted')?.message
      : status.message;
  return {
    ...owner,
    ...(typeof status.phase === 'string' ? { phase: status.phase } : {}),
    ...(typeof weight === 'number' ? { canaryWeight: weight } : {}),
    ...(typeof message === 'string' && message ? { message } : {}),
  };
}

/**
 * Lists a namespace's objects of a kind whose CRD may not be installed: none when it is not served.
 *
 * @public
 */
export async function listIfServed(
  kc: k8s.KubeConfig,
  kind: { group: string; version: string; plural: string },
  namespace: string,
): Promise<any[]> {
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  try {
    const list: any = await custom.listNamespacedCustomObject({
      ...kind,
      namespace,
    });
    return list.items ?? [];
  } catch (error) {
    if ((error as any)?.code === 404) return [];
    throw error;
  }
}

/**
 * The Flagger Canary or Argo Rollout that owns the route object, read with its status; undefined when none does.
 *
 * @public
 */
export async function readExternalDelivery(
  kc: k8s.KubeConfig,
  route: any,
  argoRollouts?: any[],
  kind: RolloutRouteKind = 'VirtualService',
): Promise<ExternalDelivery | undefined> {
  const namespace = route.metadata.namespace;
  const rollouts =
    argoRollouts ?? (await listIfServed(kc, ARGO_ROLLOUTS, namespace));
  const owner = deliveryOwnerOf(route, rollouts, kind);
  if (!owner) return undefined;
  if (owner.tool === 'argo-rollouts') {
    return deliveryStatusOf(
      owner,
      rollouts.find(r => r.metadata.name === owner.name),
    );
  }
  const canaries = await listIfServed(kc, FLAGGER_CANARIES, namespace);
  return deliveryStatusOf(
    owner,
    canaries.find(c => c.metadata.name === owner.name),
  );
}
