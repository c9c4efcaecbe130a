import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  NAMESPACE_LOCATION_TYPE,
  namespaceLocationKey,
  namespaceLocationPath,
} from '@service-mesh/plugin-service-mesh-common';

/**
 * The catalog's service-mesh-namespace locations for one cluster and namespace, whatever their owner or system.
 *
 * @public
 */
export async function namespaceLocations(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  where: { cluster: string; namespace: string },
) {
  const key = namespaceLocationPath(where);
  const { items } = await catalog.getLocations({}, { credentials });
  return items.filter(
    location =>
      location.type === NAMESPACE_LOCATION_TYPE &&
      namespaceLocationKey(location.target) === key,
  );
}
