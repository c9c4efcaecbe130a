import { K8sObject } from '../k8s/types';
import { hostMatches } from './hosts';
import { MeshSnapshot } from './meshView';

export const gatewayNameLabel = 'gateway.networking.k8s.io/gateway-name';

export interface WeightedBackend {
  name: string;
  namespace: string;
  weight: number;
}

const byAge = (a: K8sObject, b: K8sObject) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(
    b.metadata.creationTimestamp ?? '',
  ) || a.metadata.name!.localeCompare(b.metadata.name!);

/** The Gateway API Gateway whose Envoy a pod is (istiod labels the pods it deploys). */
export function gatewayOfPod(
  snapshot: MeshSnapshot,
  pod: K8sObject,
): K8sObject | undefined {
  const name = pod.metadata.labels?.[gatewayNameLabel];
  return name
    ? snapshot.find('gatewayApiGateways', pod.metadata.namespace!, name)
    : undefined;
}

/** Whether a route's parentRefs name the Gateway (kind Gateway by default, namespace the route's). */
function attachesTo(route: K8sObject, gateway: K8sObject): boolean {
  return ((route.spec?.parentRefs ?? []) as any[]).some(
    ref =>
      (ref.kind ?? 'Gateway') === 'Gateway' &&
      (ref.group ?? 'gateway.networking.k8s.io') ===
        'gateway.networking.k8s.io' &&
      ref.name === gateway.metadata.name &&
      (ref.namespace ?? route.metadata.namespace) ===
        gateway.metadata.namespace,
  );
}

/** A listener admits the route's namespace (`Same` unless allowedRoutes says `All`) and the host. */
function listenerAdmits(
  listener: any,
  gateway: K8sObject,
  route: K8sObject,
  host: string,
) {
  const from = listener?.allowedRoutes?.namespaces?.from ?? 'Same';
  if (
    from === 'Same' &&
    route.metadata.namespace !== gateway.metadata.namespace
  )
    return false;
  return !listener?.hostname || hostMatches(listener.hostname, host);
}

/** HTTPRoutes attached to the Gateway that serve the host, oldest first (Gateway API's precedence). */
export function httpRoutesFor(
  snapshot: MeshSnapshot,
  gateway: K8sObject,
  host: string,
): K8sObject[] {
  const listeners = (gateway.spec?.listeners ?? []) as any[];
  return snapshot.all.httpRoutes
    .filter(route => attachesTo(route, gateway))
    .filter(route =>
      listeners.some(l => listenerAdmits(l, gateway, route, host)),
    )
    .filter(route => {
      const hostnames = (route.spec?.hostnames ?? []) as string[];
      return (
        hostnames.length === 0 || hostnames.some(h => hostMatches(h, host))
      );
    })
    .sort(byAge);
}

function pathMatches(match: any, path: string): boolean {
  const type = match?.path?.type ?? 'PathPrefix';
  const value = match?.path?.value ?? '/';
  if (type === 'Exact') return path === value;
  if (type === 'RegularExpression')
    return new RegExp(`^(?:${value})$`).test(path);
  const prefix = value.endsWith('/') ? value : `${value}/`;
  return value === '/' || path === value || path.startsWith(prefix);
}

/** The first rule whose matches accept a plain GET of the path (no matches: every request). */
export function matchingRule(
  route: K8sObject,
  path: string,
): { index: number; rule: any } | undefined {
  const rules = (route.spec?.rules ?? []) as any[];
  const index = rules.findIndex(rule => {
    const matches = (rule?.matches ?? []) as any[];
    if (matches.length === 0) return true;
    return matches.some(
      m =>
        !m.headers?.length &&
        !m.queryParams?.length &&
        (m.method ?? 'GET') === 'GET' &&
        pathMatches(m, path),
    );
  });
  return index < 0 ? undefined : { index, rule: rules[index] };
}

/** A rule's Service backends; weights are relative and default to 1. */
export function backendsOf(route: K8sObject, rule: any): WeightedBackend[] {
  return ((rule?.backendRefs ?? []) as any[])
    .filter(ref => (ref.kind ?? 'Service') === 'Service' && !ref.group)
    .map(ref => ({
      name: ref.name,
      namespace: ref.namespace ?? route.metadata.namespace!,
      weight: ref.weight ?? 1,
    }));
}

const useWaypoint = 'istio.io/use-waypoint';

/**
 * The ready waypoint pod serving a Service, if any: `istio.io/use-waypoint`
 * on the Service, else on its namespace (`none` opts out), naming a Gateway
 * of class `istio-waypoint` in that namespace.
 */
export function waypointFor(
  snapshot: MeshSnapshot,
  service: K8sObject | undefined,
  isReady: (pod: K8sObject) => boolean,
): K8sObject | undefined {
  if (!service) return undefined;
  const ns = service.metadata.namespace!;
  const name =
    service.metadata.labels?.[useWaypoint] ??
    snapshot.namespaceLabels(ns)[useWaypoint];
  if (!name || name === 'none') return undefined;
  const gateway = snapshot.find('gatewayApiGateways', ns, name);
  if (gateway?.spec?.gatewayClassName !== 'istio-waypoint') return undefined;
  return snapshot
    .in('pods', ns)
    .find(
      pod => pod.metadata.labels?.[gatewayNameLabel] === name && isReady(pod),
    );
}
