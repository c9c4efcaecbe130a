import { K8sObject } from '../k8s/types';
import { fqdn, hostMatches } from './hosts';
import { MeshSnapshot } from './meshView';

export interface WeightedDestination {
  /** As written in the VirtualService (resolved against its namespace). */
  host: string;
  subset?: string;
  weight: number;
}

const byAge = (a: K8sObject, b: K8sObject) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(
    b.metadata.creationTimestamp ?? '',
  ) || a.metadata.name!.localeCompare(b.metadata.name!);

/** VirtualServices for sidecars (`gateways` empty or `mesh`) that claim a service host. */
export function meshVirtualServiceFor(
  snapshot: MeshSnapshot,
  serviceHost: string,
  callerNamespace: string,
): K8sObject | undefined {
  const candidates = snapshot.all.virtualServices.filter(vs => {
    const gateways: string[] = vs.spec?.gateways ?? [];
    if (gateways.length > 0 && !gateways.includes('mesh')) return false;
    const ns = vs.metadata.namespace!;
    return ((vs.spec?.hosts ?? []) as string[]).some(
      h => fqdn(h, ns) === serviceHost,
    );
  });
  const local = candidates.filter(
    vs => vs.metadata.namespace === callerNamespace,
  );
  return (local.length > 0 ? local : candidates).sort(byAge)[0];
}

/** Whether a VirtualService's `gateways` names a Gateway (`name` or `ns/name`). */
export function bindsGateway(vs: K8sObject, gateway: K8sObject): boolean {
  return ((vs.spec?.gateways ?? []) as string[]).some(entry => {
    const [ns, name] = entry.includes('/')
      ? entry.split('/')
      : [vs.metadata.namespace, entry];
    return name === gateway.metadata.name && ns === gateway.metadata.namespace;
  });
}

export function gatewayVirtualServices(
  snapshot: MeshSnapshot,
  gateway: K8sObject,
  host: string,
): K8sObject[] {
  return snapshot.all.virtualServices
    .filter(
      vs =>
        bindsGateway(vs, gateway) &&
        ((vs.spec?.hosts ?? []) as string[]).some(h => hostMatches(h, host)),
    )
    .sort(byAge);
}

function stringMatches(condition: any, value: string): boolean {
  if (!condition) return true;
  if (condition.exact !== undefined) return value === condition.exact;
  if (condition.prefix !== undefined) return value.startsWith(condition.prefix);
  if (condition.regex !== undefined)
    return new RegExp(`^(?:${condition.regex})$`).test(value);
  return true;
}

/** The first HTTP route whose match accepts a plain GET of the path. */
export function matchingHttpRoute(
  vs: K8sObject,
  path: string,
): { index: number; route: any } | undefined {
  const routes = (vs.spec?.http ?? []) as any[];
  const index = routes.findIndex(route => {
    const matches = (route?.match ?? []) as any[];
    if (matches.length === 0) return true;
    return matches.some(
      m =>
        !m.headers &&
        !m.queryParams &&
        !m.sourceLabels &&
        stringMatches(m.uri, path) &&
        stringMatches(m.method, 'GET'),
    );
  });
  return index < 0 ? undefined : { index, route: routes[index] };
}

export function destinationsOf(route: any): WeightedDestination[] {
  const entries = (route?.route ?? []) as any[];
  return entries
    .filter(e => e?.destination?.host)
    .map(e => ({
      host: e.destination.host,
      subset: e.destination.subset,
      weight: entries.length === 1 ? 100 : e.weight ?? 0,
    }));
}
