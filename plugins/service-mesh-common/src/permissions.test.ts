import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  serviceMeshPermissions,
  serviceMeshTrafficUpdatePermission,
} from './permissions';

describe('permissions', () => {
  it('makes traffic updates a catalog-entity resource permission policies can condition on', () => {
    expect(serviceMeshTrafficUpdatePermission.name).toBe(
      'servicemesh.traffic.update',
    );
    expect(
      isResourcePermission(
        serviceMeshTrafficUpdatePermission,
        'catalog-entity',
      ),
    ).toBe(true);
    expect(serviceMeshPermissions).toContain(
      serviceMeshTrafficUpdatePermission,
    );
  });
});
