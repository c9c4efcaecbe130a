import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Changing the traffic weights of an entity's routes. A resource permission on
 * catalog entities, so a policy can grant it to the entity's owners with the
 * catalog's conditions (e.g. isEntityOwner).
 */
export const serviceMeshTrafficUpdatePermission = createPermission({
  name: 'servicemesh.traffic.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Reading an entity's mesh status. A resource permission on catalog entities. */
export const serviceMeshStatusReadPermission = createPermission({
  name: 'servicemesh.status.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

export const serviceMeshPermissions = [
  serviceMeshStatusReadPermission,
  serviceMeshTrafficUpdatePermission,
];
