/**
 * Whether an Istio host names a Kubernetes Service: `carts`, `carts.ns`,
 * `carts.ns.svc` or `carts.ns.svc.cluster.local` (short names resolve in the
 * namespace of the object that uses them).
 *
 * @public
 */
export function hostNamesService(
  host: string,
  service: string,
  serviceNamespace: string,
  objectNamespace: string,
): boolean {
  const parts = host.split('.');
  if (parts[0] !== service) return false;
  if (parts.length === 1) return objectNamespace === serviceNamespace;
  if (parts[1] !== serviceNamespace) return false;
  return parts.length === 2 || parts[2] === 'svc';
}
