import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import path from 'node:path';
import request from 'supertest';
import { backendTestDatabaseIds } from '../__testUtils__/testDatabases';
import { repoRoot } from './__testUtils__/repoCatalogFiles';

jest.setTimeout(60_000);

const locations = [
  { type: 'file', target: path.join(repoRoot, 'catalog-info.yaml') },
  {
    type: 'file',
    target: path.join(repoRoot, 'catalog', 'org.yaml'),
    rules: [{ allow: ['User', 'Group'] }],
  },
];

// PostgreSQL (the production configuration: a server of the run's own, see
// __testUtils__/jestGlobalSetup.ts) and SQLite (the embedded default)
const databases = TestDatabases.create({ ids: backendTestDatabaseIds() });

describe.each(databases.eachSupportedId())(
  'the portal backend with the repository catalog on %s',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    let stop: () => Promise<void>;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleTemplateKind,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [
                  {
                    allow: [
                      'Component',
                      'System',
                      'Domain',
                      'API',
                      'Resource',
                      'Location',
                      'Template',
                    ],
                  },
                ],
                locations,
                processingInterval: { seconds: 1 },
              },
            },
          }),
        ],
      });
      server = backend.server;
      stop = () => backend.stop();
    });

    afterAll(async () => {
      await stop?.();
    });

    async function query(filter: string): Promise<Entity[]> {
      const response = await request(server)
        .get('/api/catalog/entities/by-query')
        .query({ filter })
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(200);
      return response.body.items;
    }

    async function eventually<T>(
      read: () => Promise<T>,
      done: (value: T) => boolean,
    ): Promise<T> {
      const deadline = Date.now() + 45_000;
      for (;;) {
        const value = await read();
        if (done(value) || Date.now() > deadline) return value;
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    }

    it('answers a catalog query with the SockShop system and its parts', async () => {
      const parts = await eventually(
        () => query('relations.partOf=system:default/sockshop'),
        items => items.length >= 19,
      );
      const names = (kind: string) =>
        parts
          .filter(e => e.kind === kind)
          .map(e => e.metadata.name)
          .sort();

      expect(names('Component')).toHaveLength(8);
      expect(names('Resource')).toEqual([
        'carts-db',
        'catalogue-db',
        'orders-db',
        'rabbitmq',
        'user-db',
      ]);
      expect(names('API')).toContain('carts-api');
    });

    it('resolves the relations between the services', async () => {
      const [orders] = await eventually(
        () => query('kind=component,metadata.name=orders'),
        items => items.length === 1 && (items[0].relations?.length ?? 0) > 0,
      );
      const targets = (type: string) =>
        (orders.relations ?? [])
          .filter(r => r.type === type)
          .map(r => r.targetRef)
          .sort();
      expect(targets('dependsOn')).toEqual(['resource:default/orders-db']);
      expect(targets('consumesApi')).toEqual([
        'api:default/carts-api',
        'api:default/payment-api',
        'api:default/shipping-api',
        'api:default/user-api',
      ]);
      expect(targets('ownedBy')).toEqual(['group:default/sockshop-team']);
    });

    it('makes the guest a member of the team that owns SockShop', async () => {
      const [guest] = await eventually(
        () => query('kind=user,metadata.name=guest'),
        items => items.length === 1 && (items[0].relations?.length ?? 0) > 0,
      );
      expect(guest.relations).toContainEqual({
        type: 'memberOf',
        targetRef: 'group:default/sockshop-team',
      });
    });
  },
);
