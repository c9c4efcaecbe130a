import { K8sObject } from '../k8s/types';
import { MeshSnapshot } from './meshView';

const CLUSTER_SUFFIX = 'svc.cluster.local';

/** Istio's reading of a short host in a namespace: `carts` -> `carts.ns.svc.cluster.local`. */
export function fqdn(host: string, namespace: string): string {
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.${CLUSTER_SUFFIX}`;
  if (parts.length === 2) return `${host}.${CLUSTER_SUFFIX}`;
  if (host.endsWith('.svc')) return `${host}.cluster.local`;
  return host;
}

export const serviceFqdn = (service: K8sObject) =>
  `${service.metadata.name}.${service.metadata.namespace}.${CLUSTER_SUFFIX}`;

/** The Kubernetes Service a host names, if it is one. */
export function serviceOfHost(
  snapshot: MeshSnapshot,
  host: string,
  namespace: string,
): K8sObject | undefined {
  const full = fqdn(host, namespace);
  if (!full.endsWith(`.${CLUSTER_SUFFIX}`)) return undefined;
  const [name, ns] = full.split('.');
  return snapshot.find('services', ns, name);
}

/** Istio host matching: exact, `*`, or a `*.suffix` wildcard. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.'))
    return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

/** A Gateway server host `ns/host`: whether it admits a VirtualService's host. */
export function gatewayHostAdmits(
  entry: string,
  gatewayNamespace: string,
  virtualServiceNamespace: string,
  host: string,
): boolean {
  const [ns, pattern] = entry.includes('/') ? entry.split('/') : ['*', entry];
  const allowedNs = ns === '.' ? gatewayNamespace : ns;
  if (allowedNs !== '*' && allowedNs !== virtualServiceNamespace) return false;
  return hostMatches(pattern, host);
}
