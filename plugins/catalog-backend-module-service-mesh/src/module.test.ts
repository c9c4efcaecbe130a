import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  clusterControllers,
  meshedScenario,
  Sandbox,
  sandboxKubernetesConfig,
  startSandbox,
} from '@internal/mesh-sandbox';
import {
  formatNamespaceLocationTarget,
  NAMESPACE_LOCATION_TYPE,
} from '@service-mesh/plugin-service-mesh-common';
import request from 'supertest';
import catalogModuleServiceMesh from '.';

jest.setTimeout(90_000);

const target = formatNamespaceLocationTarget({
  cluster: 'local',
  namespace: 'user1-sockshop',
  system: 'sockshop',
  owner: 'group:default/sockshop-team',
});

describe('the catalog module with a sandbox cluster', () => {
  let sandbox: Sandbox;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const auth = mockCredentials.user.header();

  beforeAll(async () => {
    sandbox = await startSandbox({
      trafficRps: 0,
      controllers: clusterControllers().controllers,
      seed: meshedScenario({ users: 1 }),
    });
    await sandbox.settle(60_000);
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleServiceMesh,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: sandboxKubernetesConfig(sandbox),
            catalog: {
              rules: [
                { allow: ['Component', 'System', 'Resource', 'Location'] },
              ],
              processingInterval: { seconds: 1 },
            },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  async function entities(namespace: string): Promise<Entity[]> {
    const response = await request(backend.server)
      .get('/api/catalog/entities/by-query')
      .query({ filter: `metadata.namespace=${namespace}` })
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    return response.body.items;
  }

  async function eventually(
    read: () => Promise<Entity[]>,
    done: (items: Entity[]) => boolean,
  ): Promise<Entity[]> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const items = await read();
      if (done(items) || Date.now() > deadline) return items;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  it('refuses location types other than url and service-mesh-namespace', async () => {
    const response = await request(backend.server)
      .post('/api/catalog/locations')
      .set('Authorization', auth)
      .send({ type: 'file', target: '/etc/passwd' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(
      /allowed type.*service-mesh-namespace/,
    );
  });

  it('a dry run shows the entities of the namespace without adding them', async () => {
    const response = await request(backend.server)
      .post('/api/catalog/locations')
      .query({ dryRun: 'true' })
      .set('Authorization', auth)
      .send({ type: NAMESPACE_LOCATION_TYPE, target });
    expect(response.status).toBe(201);
    const refs = response.body.entities.map(
      (e: Entity) => `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`,
    );
    expect(refs).toEqual(
      expect.arrayContaining([
        'System:user1-sockshop/sockshop',
        'Component:user1-sockshop/front-end',
        'Component:user1-sockshop/carts',
        'Resource:user1-sockshop/carts-db',
        'Resource:user1-sockshop/rabbitmq',
      ]),
    );
    expect(await entities('user1-sockshop')).toEqual([]);
  });

  it('a dry run for a namespace that does not exist names it', async () => {
    const response = await request(backend.server)
      .post('/api/catalog/locations')
      .query({ dryRun: 'true' })
      .set('Authorization', auth)
      .send({
        type: NAMESPACE_LOCATION_TYPE,
        target: target.replace('user1-sockshop', 'nobody-sockshop'),
      });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(
      /namespace 'nobody-sockshop' on cluster 'local'/,
    );
  });

  it('registers the System, Components and Resources for the mesh plugins, and removes them with the location', async () => {
    const added = await request(backend.server)
      .post('/api/catalog/locations')
      .set('Authorization', auth)
      .send({ type: NAMESPACE_LOCATION_TYPE, target });
    expect(added.status).toBe(201);

    const items = await eventually(
      () => entities('user1-sockshop'),
      list => list.length >= 12,
    );
    const system = items.find(e => e.kind === 'System')!;
    expect(system.metadata.name).toBe('sockshop');
    expect(system.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-namespace': 'user1-sockshop',
      'backstage.io/kubernetes-cluster': 'local',
    });
    expect(system.spec?.owner).toBe('group:default/sockshop-team');
    expect(system.metadata.links).toEqual([
      expect.objectContaining({
        url: expect.stringMatching(/^http:\/\/front-end-user1-sockshop\./),
      }),
    ]);

    const frontEnd = items.find(e => e.metadata.name === 'front-end')!;
    expect(frontEnd.kind).toBe('Component');
    expect(frontEnd.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-label-selector': 'app=front-end',
    });
    // front-end-v2 shares the app label, so it is part of front-end
    expect(items.find(e => e.metadata.name === 'front-end-v2')).toBeUndefined();
    const carts = items.find(e => e.metadata.name === 'carts')!;
    expect(carts.relations).toEqual(
      expect.arrayContaining([
        { type: 'partOf', targetRef: 'system:user1-sockshop/sockshop' },
        { type: 'dependsOn', targetRef: 'resource:user1-sockshop/carts-db' },
      ]),
    );

    const location = await request(backend.server)
      .get(`/api/catalog/locations/by-entity/system/user1-sockshop/sockshop`)
      .set('Authorization', auth);
    expect(location.status).toBe(200);
    const removed = await request(backend.server)
      .delete(`/api/catalog/locations/${location.body.id}`)
      .set('Authorization', auth);
    expect(removed.status).toBe(204);
    expect(
      await eventually(
        () => entities('user1-sockshop'),
        list => list.length === 0,
      ),
    ).toEqual([]);
  });
});
