import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MeshWriteAuthorizer } from './meshWriteAuthorizer';

const target =
  'local/user1-sockshop?system=sockshop&owner=group%3Adefault%2Fteam-a';
const user1System: Entity = {
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
};
const guestUser: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest' },
  spec: {},
  relations: [{ type: 'memberOf', targetRef: 'group:default/sockshop-team' }],
};
const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
});

/** Permission decisions by permission name (and resource ref). */
function permissions(decide: (name: string, resourceRef?: string) => boolean) {
  const calls: { name: string; resourceRef?: string; user?: string }[] = [];
  const service = mockServices.permissions.mock({
    authorize: async (requests: any[], options: any) =>
      requests.map(r => {
        calls.push({
          name: r.permission.name,
          resourceRef: r.resourceRef,
          user: options.credentials.principal.userEntityRef,
        });
        return {
          result: decide(r.permission.name, r.resourceRef)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        };
      }),
  });
  return { service, calls };
}

function authorizer(
  decide: (name: string, resourceRef?: string) => boolean,
  entities: Entity[] = [user1System, guestUser, group('sockshop-team')],
  locations = [{ id: '1', type: 'service-mesh-namespace', target }],
) {
  const catalog = catalogServiceMock({ entities });
  catalog.getLocations = jest.fn(async () => ({ items: locations })) as any;
  const perms = permissions(decide);
  const auditor = mockServices.auditor.mock();
  const events: { meta: any; outcome?: string; error?: string }[] = [];
  auditor.createEvent.mockImplementation(async (options: any) => {
    const record: { meta: any; outcome?: string; error?: string } = {
      meta: options.meta,
    };
    events.push(record);
    return {
      success: async () => {
        record.outcome = 'success';
      },
      fail: async ({ error }: { error: Error }) => {
        record.outcome = 'fail';
        record.error = error.message;
      },
    };
  });
  return {
    guard: new MeshWriteAuthorizer({
      catalog,
      permissions: perms.service,
      auth: mockServices.auth(),
      auditor,
    }),
    calls: perms.calls,
    events,
  };
}

const guest = mockCredentials.user('user:default/guest');

describe('MeshWriteAuthorizer', () => {
  it('refuses a write to a namespace whose owning System the initiator may not act on, audits it and names the owner', async () => {
    const { guard, calls, events } = authorizer(
      name => name !== 'servicemesh.traffic.update',
    );
    const error = await guard
      .authorize({
        credentials: guest,
        intent: 'traffic',
        cluster: 'local',
        namespaces: ['user1-sockshop'],
        via: 'servicemesh:traffic:shift',
      })
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      'namespace user1-sockshop on cluster local belongs to system:user1-sockshop/sockshop, owned by group:default/team-a; user:default/guest may not shift the traffic of it',
    );
    expect(calls).toContainEqual({
      name: 'servicemesh.traffic.update',
      resourceRef: 'system:user1-sockshop/sockshop',
      user: 'user:default/guest',
    });
    expect(events).toEqual([
      expect.objectContaining({
        outcome: 'fail',
        error: error.message,
        meta: expect.objectContaining({
          actor: 'user:default/guest',
          intent: 'traffic',
          namespaces: ['user1-sockshop'],
          owners: { 'user1-sockshop': ['system:user1-sockshop/sockshop'] },
        }),
      }),
    ]);
  });

  it('lets the owner write and records the outcome of the write', async () => {
    const { guard, events } = authorizer(() => true);
    await expect(
      guard.run(
        {
          credentials: guest,
          intent: 'traffic',
          cluster: 'local',
          namespaces: ['user1-sockshop'],
          via: 'POST traffic',
        },
        async () => 'written',
      ),
    ).resolves.toBe('written');
    expect(events.map(e => e.outcome)).toEqual(['success']);
  });

  it('does not trust a System the catalog has from another location', async () => {
    const spoofed = {
      ...user1System,
      metadata: {
        ...user1System.metadata,
        annotations: {
          'backstage.io/managed-by-location': 'url:https://example.com/x.yaml',
        },
      },
    };
    const { guard } = authorizer(() => true, [spoofed, guestUser]);
    await expect(
      guard.authorize({
        credentials: guest,
        intent: 'configure',
        cluster: 'local',
        namespaces: ['user1-sockshop'],
        via: 'test',
      }),
    ).rejects.toThrow(
      /cannot be trusted as its owner: the catalog has it from url:https:\/\/example.com\/x.yaml/,
    );
  });

  it('lets a user provision only their own namespaces unless admin', async () => {
    const user = authorizer(name => name !== 'servicemesh.admin', [], []);
    const provision = (namespaces: string[]) => ({
      credentials: guest,
      intent: 'provision' as const,
      cluster: 'local',
      namespaces,
      via: 'test',
    });
    await expect(
      user.guard.check(provision(['guest-istio-system', 'guest-sockshop'])),
    ).resolves.not.toHaveProperty('refusal');
    await expect(
      user.guard.check(provision(['user2-istio-system'])),
    ).resolves.toMatchObject({
      refusal: expect.stringMatching(
        /^namespace user2-istio-system on cluster local has no owning System/,
      ),
    });
    const admin = authorizer(() => true, [], []);
    await expect(
      admin.guard.check(provision(['user2-istio-system'])),
    ).resolves.not.toHaveProperty('refusal');
  });

  it('reads group membership from the catalog to decide the owner', async () => {
    const { guard } = authorizer(
      name => name !== 'servicemesh.admin',
      [guestUser, group('sockshop-team'), group('platform')],
      [],
    );
    const register = (owner: string) =>
      guard.check({
        credentials: guest,
        intent: 'provision',
        cluster: 'local',
        namespaces: ['guest-sockshop'],
        owner,
        via: 'servicemesh:catalog:register',
      });
    await expect(
      register('group:default/sockshop-team'),
    ).resolves.not.toHaveProperty('refusal');
    await expect(register('group:default/platform')).resolves.toMatchObject({
      refusal: expect.stringContaining(
        'owner: user:default/guest may register as owner only themselves or a group they belong to',
      ),
    });
    await expect(register('group:default/nobody')).resolves.toMatchObject({
      refusal: 'owner: group:default/nobody is not in the catalog',
    });
  });

  it('refuses anonymous callers', async () => {
    const { guard } = authorizer(() => true);
    await expect(
      guard.authorize({
        credentials: mockCredentials.none(),
        intent: 'traffic',
        cluster: 'local',
        namespaces: ['user1-sockshop'],
        via: 'test',
      }),
    ).rejects.toThrow('only a signed-in user may change a service mesh');
  });
});
