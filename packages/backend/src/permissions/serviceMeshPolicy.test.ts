import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { serviceMeshTrafficUpdatePermission } from '@service-mesh/plugin-service-mesh-common';
import { ServiceMeshPolicy } from './serviceMeshPolicy';

const guest = {
  credentials: mockCredentials.user('user:default/guest'),
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/sockshop-team'],
  },
};

describe('ServiceMeshPolicy', () => {
  const policy = new ServiceMeshPolicy();

  it('lets traffic updates through only for owners of the entity', async () => {
    const decision = await policy.handle(
      { permission: serviceMeshTrafficUpdatePermission },
      guest,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/guest', 'group:default/sockshop-team'],
        },
      },
    });
  });

  it('gives an anonymous caller no ownership claims', async () => {
    const decision: any = await policy.handle({
      permission: serviceMeshTrafficUpdatePermission,
    });
    expect(decision.conditions.params.claims).toEqual([]);
  });

  it('allows everything else', async () => {
    expect(
      await policy.handle({ permission: catalogEntityReadPermission }, guest),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
