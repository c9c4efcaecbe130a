import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MeshStatusService } from './meshStatusService';
import { registerStatusAction } from './statusAction';

function setup(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const registry = actionsRegistryServiceMock();
  const getStatus = jest
    .fn()
    .mockResolvedValue({ namespace: 'user1-sockshop', services: [] });
  registerStatusAction({
    actionsRegistry: registry,
    statusService: { getStatus } as unknown as MeshStatusService,
    permissions: mockServices.permissions({ result }),
  });
  return { registry, getStatus };
}

describe('get-service-mesh-status action', () => {
  it('returns the status of the entity for the caller', async () => {
    const { registry, getStatus } = setup(AuthorizeResult.ALLOW);
    const credentials = mockCredentials.user('user:default/guest');
    const { output } = await registry.invoke({
      id: 'test:get-service-mesh-status',
      input: { entityRef: 'system:default/sockshop' },
      credentials,
    });
    expect(output).toEqual({
      status: { namespace: 'user1-sockshop', services: [] },
    });
    expect(getStatus).toHaveBeenCalledWith(
      { kind: 'system', namespace: 'default', name: 'sockshop' },
      credentials,
    );
  });

  it('refuses without the read permission', async () => {
    const { registry, getStatus } = setup(AuthorizeResult.DENY);
    await expect(
      registry.invoke({
        id: 'test:get-service-mesh-status',
        input: { entityRef: 'system:default/sockshop' },
      }),
    ).rejects.toThrow(
      'you may not read the mesh status of system:default/sockshop',
    );
    expect(getStatus).not.toHaveBeenCalled();
  });

  it('names the field of a bad entity ref', async () => {
    const { registry } = setup(AuthorizeResult.ALLOW);
    await expect(
      registry.invoke({
        id: 'test:get-service-mesh-status',
        input: { entityRef: '' },
      }),
    ).rejects.toThrow('entityRef');
  });
});
