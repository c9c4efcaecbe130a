import * as k8s from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import {
  applyHttpRouteChange,
  applyVirtualServiceChange,
  HTTP_ROUTES,
  unknownBackendRefs,
  VIRTUAL_SERVICES,
} from '@service-mesh/plugin-service-mesh-node';

/**
 * Rewrites the destinations of one HTTP route of a VirtualService to the given
 * subset weights with server-side apply (the plugins' field manager).
 * Answers the object as stored.
 */
export async function applyRouteWeights(options: {
  kc: k8s.KubeConfig;
  namespace: string;
  virtualService: string;
  httpRouteIndex: number;
  weights: Record<string, number>;
}): Promise<any> {
  const custom = options.kc.makeApiClient(k8s.CustomObjectsApi);
  const live: any = await custom.getNamespacedCustomObject({
    ...VIRTUAL_SERVICES,
    namespace: options.namespace,
    name: options.virtualService,
  });
  return applyVirtualServiceChange(options.kc, live, {
    httpRouteIndex: options.httpRouteIndex,
    weights: options.weights,
  });
}

/**
 * Sets the backendRef weights (keyed by Service name) of one rule of an
 * HTTPRoute with server-side apply (the plugins' field manager), refusing
 * names the live rule has no backendRef for. Answers the object as stored.
 */
export async function applyHttpRouteWeights(options: {
  kc: k8s.KubeConfig;
  namespace: string;
  httpRoute: string;
  ruleIndex: number;
  weights: Record<string, number>;
}): Promise<any> {
  const custom = options.kc.makeApiClient(k8s.CustomObjectsApi);
  const live: any = await custom.getNamespacedCustomObject({
    ...HTTP_ROUTES,
    namespace: options.namespace,
    name: options.httpRoute,
  });
  const change = { ruleIndex: options.ruleIndex, weights: options.weights };
  const unknown = unknownBackendRefs(live, change);
  if (unknown.length > 0)
    throw new InputError(
      `weights.${unknown[0]}: rule ${options.ruleIndex} of HTTPRoute ${options.httpRoute} has no backendRef to Service '${unknown[0]}'`,
    );
  return applyHttpRouteChange(options.kc, live, change);
}
