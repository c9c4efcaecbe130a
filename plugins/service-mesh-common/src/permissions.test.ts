import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  serviceMeshPermissions,
  serviceMeshStatusReadPermission,
  serviceMeshTrafficUpdatePermission,
} from './permissions';

describe('permissions', () => {
  it.each([
    [serviceMeshTrafficUpdatePermission, 'servicemesh.traffic.update'],
    [serviceMeshStatusReadPermission, 'servicemesh.status.read'],
  ])(
    '%s is a catalog-entity resource permission policies can condition on',
    (permission, name) => {
      expect(permission.name).toBe(name);
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
      expect(serviceMeshPermissions).toContain(permission);
    },
  );
});
