import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  NAMESPACE_LOCATION_TYPE,
  namespaceLocationKey,
  namespaceLocationPath,
} from '@service-mesh/plugin-service-mesh-common';

/** The catalog's locations for one cluster and namespace, whatever their owner or system. */
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

/** The catalog service, or an error saying the module was set up without one. */
export function requireCatalog(catalog: CatalogService | undefined) {
  if (!catalog) {
    throw new Error(
      'the service mesh scaffolder module was created without the catalog service',
    );
  }
  return catalog;
}
