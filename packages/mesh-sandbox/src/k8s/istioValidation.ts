import { K8sObject, ResourceType } from './types';

/** Messages istiod's validating webhook denies a networking object with, if any. */
export function istioValidationErrors(
  type: ResourceType,
  object: K8sObject,
): string[] {
  if (type.group !== 'networking.istio.io') return [];
  const spec = object.spec ?? {};
  const errors: string[] = [];
  if (type.kind === 'VirtualService') {
    if (!Array.isArray(spec.hosts) || spec.hosts.length === 0) {
      errors.push('virtual service must have at least one host');
    }
    for (const http of (spec.http ?? []) as any[]) {
      const routes = (http?.route ?? []) as any[];
      if (
        routes.length === 0 &&
        !http?.redirect &&
        !http?.directResponse &&
        !http?.delegate
      ) {
        errors.push('HTTP route or redirect is required');
      }
      let total = 0;
      for (const route of routes) {
        if (!route?.destination?.host) errors.push('destination is required');
        const weight = route?.weight ?? 0;
        if (weight < 0) errors.push(`weight ${weight} < 0`);
        total += weight;
      }
      // A lone destination takes all traffic whatever its weight.
      if (routes.length > 1 && total !== 100) {
        errors.push(`total destination weight ${total} != 100`);
      }
    }
  }
  if (type.kind === 'DestinationRule') {
    if (!spec.host) errors.push('host is required');
    const names = new Set<string>();
    for (const subset of (spec.subsets ?? []) as any[]) {
      if (!subset?.name) errors.push('subset name is invalid: ""');
      else if (names.has(subset.name))
        errors.push(`duplicate subset names: ${subset.name}`);
      else names.add(subset.name);
    }
  }
  if (type.kind === 'Gateway') {
    const servers = (spec.servers ?? []) as any[];
    if (servers.length === 0)
      errors.push('gateway must have at least one server');
    servers.forEach(server => {
      if (!server?.port?.number)
        errors.push('port number must be in the range 1..65535');
      if (!server?.port?.protocol) errors.push('invalid protocol ""');
      if (!server?.port?.name) errors.push('port name must be set');
      if (!Array.isArray(server?.hosts) || server.hosts.length === 0)
        errors.push('server config must contain at least one host');
    });
  }
  return errors;
}
