/**
 * The catalog location type for a meshed namespace: the catalog module reads
 * the namespace from its cluster and emits a System with its Components and
 * Resources; the scaffolder actions register and unregister such locations.
 *
 * @public
 */
export const NAMESPACE_LOCATION_TYPE = 'service-mesh-namespace';

/**
 * What a namespace location describes.
 *
 * @public
 */
export interface NamespaceLocation {
  /** A cluster of the kubernetes config section. */
  cluster: string;
  /** The Kubernetes namespace. */
  namespace: string;
  /** The System's name; its entities live in the catalog namespace named after the Kubernetes one. */
  system: string;
  /** The owner of every emitted entity, as an entity ref. */
  owner: string;
}

import { DNS1123_LABEL as NAME } from './kubernetesNames';

/**
 * `<cluster>/<namespace>`: what identifies a location, whatever its system or owner.
 *
 * @public
 */
export function namespaceLocationPath(
  where: Pick<NamespaceLocation, 'cluster' | 'namespace'>,
): string {
  return `${where.cluster}/${where.namespace}`;
}

/**
 * The location target: `<cluster>/<namespace>?system=<name>&owner=<ref>`.
 *
 * @public
 */
export function formatNamespaceLocationTarget(
  location: NamespaceLocation,
): string {
  const query = new URLSearchParams({
    system: location.system,
    owner: location.owner,
  });
  return `${namespaceLocationPath(location)}?${query}`;
}

/**
 * The `<cluster>/<namespace>` part of a target.
 *
 * @public
 */
export function namespaceLocationKey(target: string): string {
  return target.split('?')[0];
}

/**
 * Parses a target; a malformed one is an error naming what is wrong.
 *
 * @public
 */
export function parseNamespaceLocationTarget(
  target: string,
): NamespaceLocation {
  const [path, queryString = ''] = target.split('?', 2);
  const parts = path.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new Error(
      `location target '${target}' must be <cluster>/<namespace>?system=<name>&owner=<entity ref>`,
    );
  }
  const [cluster, namespace] = parts;
  if (!NAME.test(namespace) || namespace.length > 63) {
    throw new Error(
      `location target '${target}': namespace '${namespace}' is not an RFC 1123 name`,
    );
  }
  const query = new URLSearchParams(queryString);
  const system = query.get('system');
  const owner = query.get('owner');
  if (!system || !NAME.test(system) || system.length > 63) {
    throw new Error(
      `location target '${target}': system must be an RFC 1123 name`,
    );
  }
  if (!owner || !/^[a-z]+:[^/:]+\/[^/:]+$/i.test(owner)) {
    throw new Error(
      `location target '${target}': owner must be a full entity ref like group:default/team`,
    );
  }
  return { cluster, namespace, system, owner };
}
