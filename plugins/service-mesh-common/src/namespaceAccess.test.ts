import {
  NamespaceWriteFacts,
  refusalOfNamespaceWrite,
  refusalOfOwner,
  userIdOf,
} from './namespaceAccess';

const facts = (
  overrides: Partial<NamespaceWriteFacts> = {},
): NamespaceWriteFacts => ({
  initiator: 'user:default/guest',
  intent: 'configure',
  cluster: 'local',
  namespace: 'guest-sockshop',
  owning: [],
  mayProvision: true,
  isAdmin: false,
  ...overrides,
});

const owned = (allowed: boolean) => [
  {
    entityRef: 'system:user1-sockshop/sockshop',
    owner: 'group:default/team-a',
    allowed,
  },
];

describe('refusalOfNamespaceWrite', () => {
  it('lets a user provision the namespaces derived from their own identity', () => {
    expect(refusalOfNamespaceWrite(facts({ intent: 'provision' }))).toBe(
      undefined,
    );
    expect(
      refusalOfNamespaceWrite(facts({ namespace: 'guest-istio-system' })),
    ).toBe(undefined);
  });

  it('refuses another user’s unregistered namespace, naming the user’s own', () => {
    expect(
      refusalOfNamespaceWrite(
        facts({ namespace: 'user1-sockshop', intent: 'teardown' }),
      ),
    ).toBe(
      "namespace user1-sockshop on cluster local has no owning System in the catalog and is not one of user:default/guest's own namespaces (guest-istio-system, guest-sockshop); only an admin (servicemesh.admin) may tear down it",
    );
    expect(
      refusalOfNamespaceWrite(
        facts({ namespace: 'user1-sockshop', isAdmin: true }),
      ),
    ).toBe(undefined);
  });

  it('decides an owned namespace by the owning System alone, naming who owns it', () => {
    expect(
      refusalOfNamespaceWrite(
        facts({
          namespace: 'user1-sockshop',
          intent: 'traffic',
          owning: owned(false),
          isAdmin: true,
        }),
      ),
    ).toBe(
      'namespace user1-sockshop on cluster local belongs to system:user1-sockshop/sockshop, owned by group:default/team-a; user:default/guest may not shift the traffic of it',
    );
    expect(
      refusalOfNamespaceWrite(
        facts({
          namespace: 'user1-sockshop',
          intent: 'traffic',
          owning: owned(true),
          mayProvision: false,
        }),
      ),
    ).toBe(undefined);
  });

  it('needs the provision permission to provision or tear down, even an owned namespace', () => {
    expect(
      refusalOfNamespaceWrite(
        facts({ intent: 'teardown', owning: owned(true), mayProvision: false }),
      ),
    ).toMatch(/needs the servicemesh.mesh.provision permission/);
    expect(refusalOfNamespaceWrite(facts({ mayProvision: false }))).toMatch(
      /may not change namespace guest-sockshop on cluster local: that needs the servicemesh.mesh.provision permission/,
    );
  });

  it('refuses a System it cannot trust as the owner', () => {
    expect(
      refusalOfNamespaceWrite(
        facts({
          owning: [
            {
              entityRef: 'system:guest-sockshop/sockshop',
              allowed: true,
              problem: 'the catalog has it from another location',
            },
          ],
        }),
      ),
    ).toMatch(
      /cannot be trusted as its owner: the catalog has it from another location/,
    );
  });
});

describe('refusalOfOwner', () => {
  const owner = {
    initiator: 'user:default/guest',
    groups: ['group:default/sockshop-team'],
    isAdmin: false,
  };

  it('accepts the user and the groups they belong to', () => {
    expect(
      refusalOfOwner({
        ...owner,
        owner: 'user:default/guest',
        ownerKind: 'User',
      }),
    ).toBe(undefined);
    expect(
      refusalOfOwner({
        ...owner,
        owner: 'group:default/sockshop-team',
        ownerKind: 'Group',
      }),
    ).toBe(undefined);
  });

  it('refuses other groups unless admin, and anything not in the catalog', () => {
    expect(
      refusalOfOwner({
        ...owner,
        owner: 'group:default/platform',
        ownerKind: 'Group',
      }),
    ).toBe(
      'user:default/guest may register as owner only themselves or a group they belong to (user:default/guest, group:default/sockshop-team), not group:default/platform',
    );
    expect(
      refusalOfOwner({
        ...owner,
        isAdmin: true,
        owner: 'group:default/platform',
        ownerKind: 'Group',
      }),
    ).toBe(undefined);
    expect(
      refusalOfOwner({
        ...owner,
        isAdmin: true,
        owner: 'group:default/ghosts',
      }),
    ).toBe('group:default/ghosts is not in the catalog');
    expect(
      refusalOfOwner({
        ...owner,
        owner: 'component:default/front-end',
        ownerKind: 'Component',
      }),
    ).toMatch(/must be a User or a Group/);
  });
});

describe('userIdOf', () => {
  it('takes the name of the user entity ref', () => {
    expect(userIdOf('user:default/Guest')).toBe('guest');
    expect(userIdOf('user:guest')).toBe('guest');
  });
});
