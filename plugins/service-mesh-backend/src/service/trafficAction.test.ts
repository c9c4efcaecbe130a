import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MeshWriteAuthorizer } from '@service-mesh/plugin-service-mesh-node';
import { MeshStatusService } from './meshStatusService';
import { registerTrafficAction } from './trafficAction';

const target =
  'local/user1-sockshop?system=sockshop&owner=group%3Adefault%2Fteam-a';

describe('shift-service-mesh-traffic action', () => {
  it('is refused by the same rule as the REST route, audited, before anything is read or written', async () => {
    const registry = actionsRegistryServiceMock();
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: {
            name: 'sockshop',
            namespace: 'user1-sockshop',
            annotations: {
              'backstage.io/managed-by-location': `service-mesh-namespace:${target}`,
            },
          },
          spec: { owner: 'group:default/team-a' },
        },
      ],
    });
    catalog.getLocations = (async () => ({
      items: [{ id: '1', type: 'service-mesh-namespace', target }],
    })) as any;
    const auditor = mockServices.auditor.mock();
    const fail = jest.fn();
    auditor.createEvent.mockResolvedValue({ success: jest.fn(), fail });
    const statusService = {
      scopeOf: jest.fn().mockResolvedValue({
        entity: { kind: 'system', namespace: 'default', name: 'sockshop' },
        cluster: 'local',
        namespace: 'user1-sockshop',
      }),
      statusInScope: jest.fn(),
    };
    registerTrafficAction({
      actionsRegistry: registry,
      statusService: statusService as unknown as MeshStatusService,
      clusters: [],
      authorizer: new MeshWriteAuthorizer({
        catalog,
        permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
        auth: mockServices.auth(),
        auditor,
      }),
    });
    await expect(
      registry.invoke({
        id: 'test:shift-service-mesh-traffic',
        input: {
          entityRef: 'system:default/sockshop',
          service: 'front-end',
          weights: { v1: 0, v2: 100 },
        },
        credentials: mockCredentials.user('user:default/guest'),
      }),
    ).rejects.toThrow(
      'namespace user1-sockshop on cluster local belongs to system:user1-sockshop/sockshop, owned by group:default/team-a; user:default/guest may not shift the traffic of it',
    );
    expect(fail).toHaveBeenCalledTimes(1);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'traffic-shift',
        meta: expect.objectContaining({
          actor: 'user:default/guest',
          via: 'actions registry: shift-service-mesh-traffic',
        }),
      }),
    );
    expect(statusService.statusInScope).not.toHaveBeenCalled();
  });
});
