import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { sandboxKubernetesConfig } from '@internal/mesh-sandbox';
import { loadYaml } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  startTestCluster,
  storedState,
  TestCluster,
} from '../__testUtils__/testCluster';
import { templatesDir } from '../templates/installedActions';
import { scaffolderModuleServiceMesh } from '../module';

jest.setTimeout(300_000);

const guest = mockCredentials.user.header('user:default/guest');
const form = {
  userId: 'user2',
  cluster: 'local',
  appsDomain: 'apps.sandbox.local',
  deploySockshop: true,
  smcpVersion: 'v1',
  mtls: false,
  canary: true,
  canaryImage: 'mosuke5/front-end:master-49c0d1f',
  v2Weight: 20,
  circuitBreaker: true,
  circuitBreakerService: 'carts',
  consecutive5xxErrors: 5,
  baseEjectionTime: '30s',
};

/**
 * The templates through the real scaffolder and catalog: a run the preflight
 * refuses fails before any step writes, with the form field named, and a dry
 * run with a malformed or unknown entity ref answers 4xx, not 500.
 */
describe('the preflight through the scaffolder', () => {
  let cluster: TestCluster;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    const kubernetes = sandboxKubernetesConfig(cluster.sandbox);
    const [local] = kubernetes.clusterLocatorMethods[0].clusters;
    kubernetes.clusterLocatorMethods[0].clusters.push({
      ...local,
      name: 'read-only',
      serviceAccountToken: cluster.sandbox.tokens.read,
    });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        scaffolderModuleServiceMesh,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            kubernetes,
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Resource',
                    'API',
                    'Domain',
                    'Location',
                    'Template',
                    'User',
                    'Group',
                  ],
                },
              ],
              processingInterval: { seconds: 1 },
              locations: [
                {
                  type: 'file',
                  target: path.join(templatesDir, '*', 'template.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(templatesDir, '..', 'catalog', 'org.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(templatesDir, '..', 'catalog-info.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });
    await until(async () => {
      for (const ref of [
        'template/default/sockshop-service-mesh',
        'template/default/sockshop-traffic-shift',
        'user/default/guest',
        'system/default/sockshop',
      ]) {
        const response = await request(backend.server)
          .get(`/api/catalog/entities/by-name/${ref}`)
          .set('Authorization', guest);
        if (response.status !== 200) return false;
      }
      return true;
    }, 'the templates, the guest and the SockShop System in the catalog');
  });
  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
  });

  async function until(check: () => Promise<boolean>, what: string) {
    const deadline = Date.now() + 60_000;
    while (!(await check())) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  function dryRun(name: string, values: Record<string, unknown>) {
    const folder = path.join(templatesDir, name);
    const template = loadYaml<any>(
      fs.readFileSync(path.join(folder, 'template.yaml'), 'utf8'),
    );
    const files = fs.existsSync(path.join(folder, 'sockshop'))
      ? fs.readdirSync(path.join(folder, 'sockshop'))
      : [];
    return request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', guest)
      .send({
        template,
        values,
        directoryContents: files.map(file => ({
          path: `sockshop/${file}`,
          base64Content: fs
            .readFileSync(path.join(folder, 'sockshop', file))
            .toString('base64'),
        })),
      });
  }

  async function run(name: string, values: Record<string, unknown>) {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', guest)
      .send({ templateRef: `template:default/${name}`, values });
    expect(created.status).toBe(201);
    let task: any;
    await until(async () => {
      task = (
        await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', guest)
      ).body;
      return ['completed', 'failed', 'cancelled'].includes(task.status);
    }, `task ${name}`);
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', guest);
    const steps = events.body
      .filter((e: any) => e.type === 'log' && e.body.status)
      .map((e: any) => `${e.body.stepId} ${e.body.status}`);
    const log = events.body
      .filter((e: any) => e.type === 'log')
      .map((e: any) => e.body.message)
      .join('\n');
    return { status: task.status, log, steps };
  }

  it.each([
    [
      'a malformed SockShop ref',
      { system: 'not a ref', cluster: 'local', v2Weight: 50 },
      400,
      'SockShop (system): must be an entity ref like system:default/sockshop, got "not a ref"',
    ],
    [
      'an unknown SockShop',
      { system: 'system:default/nope', cluster: 'local', v2Weight: 50 },
      404,
      'SockShop (system): system:default/nope is not in the catalog',
    ],
  ])(
    'a dry run of sockshop-traffic-shift with %s answers %d',
    async (_what, values, status, sentence) => {
      const before = await storedState(cluster.sandbox);
      const response = await dryRun('sockshop-traffic-shift', values);
      expect({
        status: response.status,
        message: response.body.error?.message,
      }).toEqual({ status, message: expect.stringContaining(sentence) });
      expect(await storedState(cluster.sandbox)).toEqual(before);
    },
  );

  it('a dry run of sockshop-service-mesh with an unknown owner answers 404', async () => {
    const response = await dryRun('sockshop-service-mesh', {
      ...form,
      owner: 'group:default/nobody',
    });
    expect({
      status: response.status,
      message: response.body.error?.message,
    }).toEqual({
      status: 404,
      message: expect.stringContaining(
        'Owner in the catalog (owner): group:default/nobody is not in the catalog',
      ),
    });
  });

  it.each([
    [
      'a circuit breaker for a service SockShop lacks',
      { circuitBreakerService: 'nonexistent' },
      "Service (circuitBreakerService): 'nonexistent' is not a Service of SockShop in user2-sockshop",
    ],
    [
      'a canary of a front end that is not deployed',
      { deploySockshop: false },
      "Deploy front-end v2 beside v1 (canary): 'front-end' is not a Deployment of SockShop in user2-sockshop",
    ],
    [
      'an owner that is not in the catalog',
      { owner: 'group:default/nobody' },
      'Owner in the catalog (owner): group:default/nobody is not in the catalog',
    ],
    [
      'a cluster whose credentials may only read',
      { cluster: 'read-only' },
      "the portal's service account may not create namespaces in the cluster",
    ],
  ])(
    'sockshop-service-mesh with %s fails at the preflight, writing nothing',
    async (_what, values: Record<string, unknown>, sentence) => {
      const before = await storedState(cluster.sandbox);
      const result = await run('sockshop-service-mesh', { ...form, ...values });
      expect({ status: result.status, log: result.log }).toEqual({
        status: 'failed',
        log: expect.stringContaining(sentence),
      });
      expect(result.steps).toContain('preflight failed');
      expect(
        result.steps.filter((s: string) => s.endsWith(' completed')),
      ).toEqual(
        values.deploySockshop === false ? [] : ['fetch-sockshop completed'],
      );
      expect(await storedState(cluster.sandbox)).toEqual(before);
    },
  );
});
