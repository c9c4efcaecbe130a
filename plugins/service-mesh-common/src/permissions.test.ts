import {
  isResourcePermission,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  serviceMeshAdminPermission,
  serviceMeshMeshUpdatePermission,
  serviceMeshPermissions,
  serviceMeshProvisionPermission,
  serviceMeshStatusReadPermission,
  serviceMeshTrafficUpdatePermission,
} from './permissions';

describe('permissions', () => {
  it.each([
    [serviceMeshTrafficUpdatePermission, 'servicemesh.traffic.update'],
    [serviceMeshStatusReadPermission, 'servicemesh.status.read'],
    [serviceMeshMeshUpdatePermission, 'servicemesh.mesh.update'],
  ])(
    '%s is a catalog-entity resource permission policies can condition on',
    (permission, name) => {
      expect(permission.name).toBe(name);
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
      expect(serviceMeshPermissions).toContain(permission);
    },
  );

  it.each([
    [serviceMeshProvisionPermission, 'servicemesh.mesh.provision'],
    [serviceMeshAdminPermission, 'servicemesh.admin'],
  ])('%s is a basic permission', (permission, name) => {
    expect(permission.name).toBe(name);
    expect(permission.type).toBe('basic');
    expect(serviceMeshPermissions.some(p => isPermission(p, permission))).toBe(
      true,
    );
  });
});
