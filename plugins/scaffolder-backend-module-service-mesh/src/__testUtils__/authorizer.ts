import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MeshWriteAuthorizer } from '@service-mesh/plugin-service-mesh-node';

/**
 * The real authorization rule over a catalog with the guest user and the
 * SockShop team and without owning Systems, and a
 * policy that allows everything (an admin's view): for tests about what the
 * actions do once allowed. The rule itself is tested in service-mesh-node and
 * through the scaffolder with the portal's policy.
 */
export function allowingAuthorizer(): MeshWriteAuthorizer {
  // the owners the tests and examples register: catalog/org.yaml's
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'guest' },
        spec: { memberOf: ['sockshop-team'] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'sockshop-team' },
        spec: { type: 'team', children: [] },
      },
    ],
  });
  catalog.getLocations = (async () => ({ items: [] })) as any;
  return new MeshWriteAuthorizer({
    catalog,
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    auth: mockServices.auth(),
    auditor: mockServices.auditor.mock({
      createEvent: async () => ({
        success: async () => {},
        fail: async () => {},
      }),
    }),
  });
}
