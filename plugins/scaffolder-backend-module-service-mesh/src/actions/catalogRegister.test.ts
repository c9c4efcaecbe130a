import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { allowingAuthorizer } from '../__testUtils__/authorizer';
import { runAction } from '../__testUtils__/runAction';
import { createCatalogRegisterAction } from './catalogRegister';
import { createCatalogUnregisterAction } from './catalogUnregister';

const config = new ConfigReader({
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'local',
            url: 'https://127.0.0.1:6443',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'secret-token',
          },
        ],
      },
    ],
  },
});

const target =
  'local/user2-sockshop?system=sockshop&owner=user%3Adefault%2Fguest';
const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { namespace: 'user2-sockshop', name: 'sockshop' },
  spec: { owner: 'user:default/guest' },
};
const asGuest = { user: { ref: 'user:default/guest' } };
const auth = mockServices.auth();
const authorizer = allowingAuthorizer();

function catalogWith(locations: { id: string; target: string }[]) {
  const catalog = catalogServiceMock.mock({
    getLocations: jest.fn(async () => ({
      items: locations.map(l => ({
        ...l,
        type: 'service-mesh-namespace',
        entityRef: `location:default/${l.id}`,
      })),
    })),
    addLocation: jest.fn(async (request: any) => ({
      location: {
        id: 'new',
        type: request.type,
        target: request.target,
        entityRef: 'location:default/new',
      },
      entities: [system],
      exists: false,
    })),
    removeLocationById: jest.fn(async () => {}),
    getEntityByRef: jest.fn(async () => system),
  });
  return catalog;
}

describe('servicemesh:catalog:register', () => {
  it('registers the namespace for the user who runs the template and waits for the System', async () => {
    const catalog = catalogWith([]);
    catalog.getEntityByRef
      .mockResolvedValueOnce(undefined)
      .mockResolvedValue(system);
    const action = createCatalogRegisterAction({
      config,
      catalog,
      auth,
      authorizer,
    });
    const run = await runAction(
      action,
      { cluster: 'local', user: 'user2' },
      asGuest,
    );
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'service-mesh-namespace', target },
      expect.objectContaining({ credentials: expect.anything() }),
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(run.outputs).toEqual({
      entityRef: 'system:user2-sockshop/sockshop',
      target,
    });
    expect(run.log).toContain(`catalog location ${target}: registered`);
    expect(run.log).toContain('system:user2-sockshop/sockshop: in the catalog');
  });

  it('a second run changes nothing', async () => {
    const catalog = catalogWith([{ id: 'l1', target }]);
    const action = createCatalogRegisterAction({
      config,
      catalog,
      auth,
      authorizer,
    });
    const run = await runAction(
      action,
      { cluster: 'local', user: 'user2' },
      asGuest,
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
    expect(run.log).toContain(`catalog location ${target}: unchanged`);
  });

  it('a new owner replaces the location of the same namespace', async () => {
    const old =
      'local/user2-sockshop?system=sockshop&owner=user%3Adefault%2Fuser2';
    const catalog = catalogWith([
      { id: 'l1', target: old },
      {
        id: 'other',
        target:
          'local/user3-sockshop?system=sockshop&owner=user%3Adefault%2Fguest',
      },
    ]);
    const action = createCatalogRegisterAction({
      config,
      catalog,
      auth,
      authorizer,
    });
    const run = await runAction(
      action,
      { cluster: 'local', user: 'user2' },
      asGuest,
    );
    expect(catalog.removeLocationById).toHaveBeenCalledTimes(1);
    expect(catalog.removeLocationById).toHaveBeenCalledWith(
      'l1',
      expect.anything(),
    );
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(run.log).toContain('removed (replaced by');
  });

  it('a dry run previews the entities and writes nothing', async () => {
    const catalog = catalogWith([]);
    const action = createCatalogRegisterAction({
      config,
      catalog,
      auth,
      authorizer,
    });
    const run = await runAction(
      action,
      { cluster: 'local', user: 'user2', owner: 'group:sockshop-team' },
      { dryRun: true },
    );
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      expect.objectContaining({ dryRun: true }),
      expect.anything(),
    );
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
    expect(run.log).toContain(
      'would be registered with system:user2-sockshop/sockshop',
    );
    expect(run.outputs.target).toContain(
      'owner=group%3Adefault%2Fsockshop-team',
    );
  });

  it('a dry run before the namespace exists says it would register it then', async () => {
    const catalog = catalogWith([]);
    catalog.addLocation.mockRejectedValue(
      new Error(
        "cannot read namespace 'user2-sockshop' on cluster 'local': not found",
      ),
    );
    const action = createCatalogRegisterAction({
      config,
      catalog,
      auth,
      authorizer,
    });
    const run = await runAction(
      action,
      { cluster: 'local', user: 'user2' },
      { ...asGuest, dryRun: true },
    );
    expect(run.log).toContain('would be registered once the namespace exists');
  });

  it('an unknown cluster lists the configured ones before any catalog call', async () => {
    const catalog = catalogWith([]);
    const action = createCatalogRegisterAction({
      config,
      catalog,
      auth,
      authorizer,
    });
    await expect(
      runAction(action, { cluster: 'prod', user: 'user2' }, asGuest),
    ).rejects.toThrow("unknown cluster 'prod'; configured clusters: local");
    expect(catalog.getLocations).not.toHaveBeenCalled();
  });

  it('without a signed-in user the owner is required', async () => {
    const catalog = catalogWith([]);
    const action = createCatalogRegisterAction({
      config,
      catalog,
      auth,
      authorizer,
    });
    await expect(
      runAction(action, { cluster: 'local', user: 'user2' }),
    ).rejects.toThrow(/owner is required/);
    expect(catalog.getLocations).not.toHaveBeenCalled();
  });

  it('says what it waited for when the catalog never shows the System', async () => {
    const catalog = catalogWith([]);
    catalog.getEntityByRef.mockResolvedValue(undefined);
    const action = createCatalogRegisterAction({
      config,
      catalog,
      auth,
      authorizer,
    });
    await expect(
      runAction(
        action,
        { cluster: 'local', user: 'user2', timeoutSeconds: 1 },
        asGuest,
      ),
    ).rejects.toThrow(
      /timed out after 1s waiting for the catalog to show system:user2-sockshop\/sockshop/,
    );
  });
});

describe('servicemesh:catalog:unregister', () => {
  it("removes the namespace's locations and only those", async () => {
    const catalog = catalogWith([
      { id: 'l1', target },
      {
        id: 'other',
        target:
          'local/user3-sockshop?system=sockshop&owner=user%3Adefault%2Fguest',
      },
    ]);
    const action = createCatalogUnregisterAction({
      config,
      catalog,
      auth,
      authorizer,
    });
    const run = await runAction(action, { cluster: 'local', user: 'user2' });
    expect(catalog.removeLocationById).toHaveBeenCalledTimes(1);
    expect(catalog.removeLocationById).toHaveBeenCalledWith(
      'l1',
      expect.anything(),
    );
    expect(run.outputs).toEqual({ removed: 1 });
  });

  it('a dry run removes nothing; nothing registered is unchanged', async () => {
    const registered = catalogWith([{ id: 'l1', target }]);
    const dry = await runAction(
      createCatalogUnregisterAction({
        config,
        catalog: registered,
        auth,
        authorizer,
      }),
      { cluster: 'local', user: 'user2' },
      { dryRun: true },
    );
    expect(registered.removeLocationById).not.toHaveBeenCalled();
    expect(dry.log).toContain('would be removed');

    const empty = catalogWith([]);
    const run = await runAction(
      createCatalogUnregisterAction({
        config,
        catalog: empty,
        auth,
        authorizer,
      }),
      { cluster: 'local', user: 'user2' },
    );
    expect(run.log).toContain('unchanged (not registered)');
    expect(run.outputs).toEqual({ removed: 0 });
  });
});
