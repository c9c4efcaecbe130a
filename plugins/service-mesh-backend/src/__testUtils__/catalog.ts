import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/**
 * The in-memory catalog of catalogServiceMock, which has no locations, with
 * the given locations (the service mesh catalog module's, by default none).
 */
export function catalogWithLocations(
  entities: Entity[],
  locations: { id: string; type: string; target: string }[] = [],
) {
  const catalog = catalogServiceMock({ entities });
  catalog.getLocations = (async () => ({ items: locations })) as any;
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}
