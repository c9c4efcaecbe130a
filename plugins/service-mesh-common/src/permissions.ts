import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Changing the traffic weights of an entity's routes. A resource permission on
 * catalog entities, so a policy can grant it to the entity's owners with the
 * catalog's conditions (e.g. isEntityOwner).
 *
 * @public
 */
export const serviceMeshTrafficUpdatePermission = createPermission({
  name: 'servicemesh.traffic.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Reading an entity's mesh status. A resource permission on catalog entities.
 *
 * @public
 */
export const serviceMeshStatusReadPermission = createPermission({
  name: 'servicemesh.status.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Any other write to a namespace that has an owning System (control plane,
 * sidecars, ingress, canary, circuit breaker, catalog registration, teardown),
 * checked on that System. A resource permission on catalog entities.
 *
 * @public
 */
export const serviceMeshMeshUpdatePermission = createPermission({
  name: 'servicemesh.mesh.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Provisioning a mesh for a user id and tearing it down. By default a user may
 * provision only the namespaces derived from their own identity
 * (`<name>-istio-system`, `<name>-sockshop`) and register only themselves or a
 * group they belong to as the owner; serviceMeshAdminPermission widens both.
 *
 * @public
 */
export const serviceMeshProvisionPermission = createPermission({
  name: 'servicemesh.mesh.provision',
  attributes: { action: 'create' },
});

/**
 * Provisioning any user's namespaces and registering any existing owner.
 *
 * @public
 */
export const serviceMeshAdminPermission = createPermission({
  name: 'servicemesh.admin',
  attributes: {},
});

/** @public */
export const serviceMeshPermissions = [
  serviceMeshStatusReadPermission,
  serviceMeshTrafficUpdatePermission,
  serviceMeshMeshUpdatePermission,
  serviceMeshProvisionPermission,
  serviceMeshAdminPermission,
];
