import {
  CircuitBreakerSettings,
  hostNamesService,
  RouteDestination,
  SubsetStatus,
  TrafficRoute,
} from '@service-mesh/plugin-service-mesh-common';
import { KubeObject } from './kubeObjects';
import { labelsMatch } from './labels';
import { isPodReady } from './workloads';

/** The DestinationRules whose host is the service. */
export function destinationRulesFor(
  service: KubeObject,
  destinationRules: KubeObject[],
): KubeObject[] {
  return destinationRules.filter(dr =>
    hostNamesService(
      dr.spec?.host ?? '',
      service.metadata.name,
      service.metadata.namespace!,
      dr.metadata.namespace!,
    ),
  );
}

function readyPodsMatching(
  labels: Record<string, string>,
  servicePods: KubeObject[],
): number {
  return servicePods.filter(
    pod => isPodReady(pod) && labelsMatch(labels, pod.metadata.labels),
  ).length;
}

export function subsetStatuses(
  rules: KubeObject[],
  servicePods: KubeObject[],
): SubsetStatus[] {
  return rules.flatMap(dr =>
    ((dr.spec?.subsets ?? []) as any[]).map(subset => ({
      destinationRule: dr.metadata.name,
      name: subset.name,
      labels: subset.labels ?? {},
      matchingPods: readyPodsMatching(subset.labels ?? {}, servicePods),
    })),
  );
}

export function circuitBreakerOf(
  rules: KubeObject[],
): CircuitBreakerSettings | undefined {
  const rule = rules.find(
    dr =>
      dr.spec?.trafficPolicy?.outlierDetection ||
      dr.spec?.trafficPolicy?.connectionPool,
  );
  if (!rule) return undefined;
  const policy = rule.spec.trafficPolicy;
  return {
    destinationRule: rule.metadata.name,
    ...(policy.outlierDetection
      ? { outlierDetection: policy.outlierDetection }
      : {}),
    ...(policy.connectionPool ? { connectionPool: policy.connectionPool } : {}),
  };
}

function gatewayExists(
  reference: string,
  vsNamespace: string,
  gateways: KubeObject[],
  namespace: string,
): boolean | undefined {
  const [gwNamespace, name] = reference.includes('/')
    ? reference.split('/')
    : [vsNamespace, reference];
  // Gateways of other namespaces are not read: unknown rather than missing.
  if (gwNamespace !== namespace) return undefined;
  return gateways.some(g => g.metadata.name === name);
}

/** The HTTP routes of VirtualServices that send traffic to the service, with destinations resolved. */
export function routesTo(options: {
  service: KubeObject;
  virtualServices: KubeObject[];
  destinationRules: KubeObject[];
  gateways: KubeObject[];
  servicePods: KubeObject[];
}): TrafficRoute[] {
  const { service, servicePods } = options;
  const namespace = service.metadata.namespace!;
  const subsets = new Map(
    destinationRulesFor(service, options.destinationRules).flatMap(dr =>
      ((dr.spec?.subsets ?? []) as any[]).map(s => [
        s.name as string,
        (s.labels ?? {}) as Record<string, string>,
      ]),
    ),
  );
  const routes: TrafficRoute[] = [];
  for (const vs of options.virtualServices) {
    const vsNamespace = vs.metadata.namespace!;
    const http = (vs.spec?.http ?? []) as any[];
    http.forEach((httpRoute, index) => {
      const destinations = (httpRoute?.route ?? []) as any[];
      const toService = destinations.some(d =>
        hostNamesService(
          d?.destination?.host ?? '',
          service.metadata.name,
          namespace,
          vsNamespace,
        ),
      );
      if (!toService) return;
      const resolved: RouteDestination[] = destinations.map(d => {
        const subset: string | undefined = d?.destination?.subset;
        const labels = subset ? subsets.get(subset) : undefined;
        const sameService = hostNamesService(
          d?.destination?.host ?? '',
          service.metadata.name,
          namespace,
          vsNamespace,
        );
        return {
          host: d?.destination?.host ?? '',
          ...(subset ? { subset } : {}),
          ...(d?.destination?.port?.number
            ? { port: d.destination.port.number }
            : {}),
          weight: d?.weight ?? (destinations.length === 1 ? 100 : 0),
          ...(labels?.version ? { version: labels.version } : {}),
          subsetDefined: !subset || !sameService || labels !== undefined,
          ...(sameService
            ? {
                matchingPods: readyPodsMatching(
                  labels ?? service.spec?.selector ?? {},
                  servicePods,
                ),
              }
            : {}),
        };
      });
      const gateways: string[] = vs.spec?.gateways ?? [];
      routes.push({
        virtualService: vs.metadata.name,
        namespace: vsNamespace,
        hosts: vs.spec?.hosts ?? [],
        gateways,
        missingGateways: gateways.filter(
          g =>
            g !== 'mesh' &&
            gatewayExists(g, vsNamespace, options.gateways, namespace) ===
              false,
        ),
        httpRouteIndex: index,
        ...(httpRoute?.name ? { name: httpRoute.name } : {}),
        destinations: resolved,
      });
    });
  }
  return routes;
}
