import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  serviceMeshAdminPermission,
  serviceMeshMeshUpdatePermission,
  serviceMeshProvisionPermission,
  serviceMeshTrafficUpdatePermission,
} from '@service-mesh/plugin-service-mesh-common';
import { kubernetesProxyUnsafePermission } from '../kubernetes/proxyGuard';
import { ServiceMeshPolicy } from './serviceMeshPolicy';

const user = (ref: string, groups: string[]) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
});
const guest = user('user:default/guest', ['group:default/sockshop-team']);
const admin = user('user:default/ada', ['group:default/platform-admins']);

describe('ServiceMeshPolicy', () => {
  const policy = new ServiceMeshPolicy(['group:default/platform-admins']);

  it.each([
    serviceMeshTrafficUpdatePermission,
    serviceMeshMeshUpdatePermission,
  ])('lets %s through only for owners of the entity', async permission => {
    expect(await policy.handle({ permission }, guest)).toEqual({
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

  it.each([
    serviceMeshAdminPermission,
    kubernetesProxyUnsafePermission,
    catalogLocationCreatePermission,
  ])('refuses %s to everyone but admins', async permission => {
    expect(await policy.handle({ permission }, guest)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission }, admin)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets admins change any mesh', async () => {
    expect(
      await policy.handle(
        { permission: serviceMeshTrafficUpdatePermission },
        admin,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('allows provisioning (the plugins limit it to the user’s own namespaces), reads and the proxy’s reads', async () => {
    for (const permission of [
      serviceMeshProvisionPermission,
      catalogEntityReadPermission,
      kubernetesProxyPermission,
    ]) {
      expect(await policy.handle({ permission }, guest)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });
});
