import { K8sObject } from '../k8s/types';
import { MeshSnapshot } from './meshView';

/** The host a Route serves: spec.host, or the one the router generates. */
export function routeHost(route: K8sObject, appsDomain: string): string {
  return (
    route.spec?.host ||
    route.status?.ingress?.[0]?.host ||
    `${route.metadata.name}-${route.metadata.namespace}.${appsDomain}`
  ).toLowerCase();
}

const rejected = (route: K8sObject) =>
  ((route.status?.ingress ?? []) as any[]).some(ingress =>
    ((ingress?.conditions ?? []) as any[]).some(
      c => c?.type === 'Admitted' && c?.status === 'False',
    ),
  );

/** The Route that owns a host: the router admits the oldest claim. */
export function routeForHost(
  snapshot: MeshSnapshot,
  host: string,
  appsDomain: string,
): K8sObject | undefined {
  return snapshot.all.routes
    .filter(
      r => !rejected(r) && routeHost(r, appsDomain) === host.toLowerCase(),
    )
    .sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(
          b.metadata.creationTimestamp ?? '',
        ) || a.metadata.name!.localeCompare(b.metadata.name!),
    )[0];
}

/** Every host some Route serves, once each. */
export function routedHosts(snapshot: MeshSnapshot, appsDomain: string) {
  return [...new Set(snapshot.all.routes.map(r => routeHost(r, appsDomain)))];
}
