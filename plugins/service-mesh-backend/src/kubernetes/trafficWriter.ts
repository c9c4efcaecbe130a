import * as k8s from '@kubernetes/client-node';
import {
  applyVirtualServiceChange,
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
