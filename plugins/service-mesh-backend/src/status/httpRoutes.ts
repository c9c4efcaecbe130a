import {
  backendServicesOf,
  HttpRouteParent,
  HttpRouteRule,
  RouteDestination,
} from '@service-mesh/plugin-service-mesh-common';
import { KubeObject } from './kubeObjects';
import { labelsMatch } from './labels';
import { isPodReady } from './workloads';

const isServiceRef = (ref: any) =>
  (ref?.kind ?? 'Service') === 'Service' && (ref?.group ?? '') === '';

/**
 * The per-version Services an HTTPRoute splits a broader Service over: named
 * in a backendRef and narrowing another Service's selector. Their traffic is
 * shown on that Service, so they are no services of their own in the status.
 */
export function perVersionBackends(
  services: KubeObject[],
  httpRoutes: KubeObject[],
): Set<string> {
  const referenced = new Set<string>();
  for (const route of httpRoutes)
    for (const rule of (route.spec?.rules ?? []) as any[])
      for (const ref of (rule?.backendRefs ?? []) as any[])
        if (isServiceRef(ref) && !ref.namespace) referenced.add(ref.name);
  const folded = new Set<string>();
  for (const service of services) {
    if (!referenced.has(service.metadata.name)) continue;
    const narrows = services.some(
      broader =>
        broader !== service &&
        backendServicesOf(broader, services).has(service.metadata.name),
    );
    if (narrows) folded.add(service.metadata.name);
  }
  return folded;
}

function parentOf(
  ref: any,
  routeNamespace: string,
  exists: (kind: string, name: string) => boolean | undefined,
): HttpRouteParent {
  const kind: string = ref?.kind ?? 'Gateway';
  const local = (ref?.namespace ?? routeNamespace) === routeNamespace;
  const found = local ? exists(kind, ref?.name ?? '') : undefined;
  return {
    kind: ref?.kind ?? 'Gateway',
    name: ref?.name ?? '',
    ...(ref?.namespace && ref.namespace !== routeNamespace
      ? { namespace: ref.namespace }
      : {}),
    ...(ref?.port ? { port: ref.port } : {}),
    ...(ref?.sectionName ? { sectionName: ref.sectionName } : {}),
    ...(found === undefined ? {} : { found }),
  };
}

/** The Gateway API HTTPRoute rules that send traffic to the service or its per-version Services. */
export function httpRoutesTo(options: {
  service: KubeObject;
  services: KubeObject[];
  httpRoutes: KubeObject[];
  pods: KubeObject[];
  /** Gateway API Gateways of the namespace; undefined when not read (parents then not checked). */
  gateways?: KubeObject[];
}): HttpRouteRule[] {
  const { service, services, pods } = options;
  const namespace = service.metadata.namespace!;
  const backends = backendServicesOf(service, services);
  const byName = new Map(services.map(s => [s.metadata.name, s]));
  const readyPods = pods.filter(isPodReady);
  const gatewayNames = options.gateways
    ? new Set(options.gateways.map(g => g.metadata.name))
    : undefined;
  const parentExists = (kind: string, name: string) => {
    if (kind === 'Service') return byName.has(name);
    if (kind === 'Gateway') return gatewayNames?.has(name);
    return undefined;
  };
  const sameNamespace = (ref: any, routeNamespace: string) =>
    (ref?.namespace ?? routeNamespace) === namespace;
  const rules: HttpRouteRule[] = [];
  for (const route of options.httpRoutes) {
    const routeNamespace = route.metadata.namespace ?? namespace;
    ((route.spec?.rules ?? []) as any[]).forEach((rule, ruleIndex) => {
      const refs = (rule?.backendRefs ?? []) as any[];
      const toService = refs.some(
        ref =>
          isServiceRef(ref) &&
          sameNamespace(ref, routeNamespace) &&
          backends.has(ref.name),
      );
      if (!toService) return;
      const total = refs.reduce((sum, ref) => sum + (ref?.weight ?? 1), 0);
      const destinations: RouteDestination[] = refs.map(ref => {
        const backendWeight: number = ref?.weight ?? 1;
        const local = isServiceRef(ref) && sameNamespace(ref, routeNamespace);
        const backend = local ? byName.get(ref.name) : undefined;
        const selector = backend?.spec?.selector;
        return {
          host: ref?.name ?? '',
          ...(ref?.port ? { port: ref.port } : {}),
          weight: total > 0 ? Math.round((backendWeight * 100) / total) : 0,
          backendWeight,
          ...(selector?.version ? { version: selector.version } : {}),
          subsetDefined: true,
          ...(local
            ? {
                serviceFound: Boolean(backend),
                matchingPods: backend
                  ? readyPods.filter(pod =>
                      labelsMatch(selector, pod.metadata.labels),
                    ).length
                  : 0,
              }
            : {}),
        };
      });
      rules.push({
        kind: 'HTTPRoute',
        httpRoute: route.metadata.name,
        namespace: routeNamespace,
        hostnames: route.spec?.hostnames ?? [],
        parentRefs: ((route.spec?.parentRefs ?? []) as any[]).map(ref =>
          parentOf(ref, routeNamespace, parentExists),
        ),
        ruleIndex,
        ...(rule?.name ? { name: rule.name } : {}),
        destinations,
      });
    });
  }
  return rules;
}
