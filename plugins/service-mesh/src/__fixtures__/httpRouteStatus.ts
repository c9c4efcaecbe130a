import { ServiceStatus } from '@service-mesh/plugin-service-mesh-common';
import { frontEnd } from './meshStatus';

/**
 * front-end routed by a Gateway API HTTPRoute instead of a VirtualService:
 * rule 0 of `front-end-route` splits it over the per-version Services
 * front-end-v1 and front-end-v2 (OSSM 3 / upstream Istio).
 */
export function frontEndByHttpRoute(
  weights: { v1: number; v2: number } = { v1: 80, v2: 20 },
  observed: Record<string, number> = { v1: 79, v2: 21 },
): ServiceStatus {
  return {
    ...frontEnd(weights, observed),
    routes: [],
    subsets: [],
    httpRoutes: [
      {
        kind: 'HTTPRoute',
        httpRoute: 'front-end-route',
        namespace: 'user1-sockshop',
        hostnames: ['front-end.example.com'],
        parentRefs: [
          { kind: 'Service', name: 'front-end', port: 80, found: true },
        ],
        ruleIndex: 0,
        destinations: (['v1', 'v2'] as const).map(version => ({
          host: `front-end-${version}`,
          port: 80,
          weight: weights[version],
          backendWeight: weights[version],
          version,
          subsetDefined: true,
          serviceFound: true,
          matchingPods: 1,
        })),
      },
    ],
  };
}
