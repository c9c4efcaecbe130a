import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  Sandbox,
  clusterControllers,
  sockshopScenario,
  startSandbox,
} from '@internal/mesh-sandbox';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import fs from 'node:fs';
import {
  readEntities,
  repoRoot,
} from '../catalog/__testUtils__/repoCatalogFiles';

jest.setTimeout(60_000);

/**
 * Runs with `yarn workspace backend test:vm`: the Kubernetes plugin imports
 * @kubernetes/client-node (ESM) dynamically, which jest allows only with
 * --experimental-vm-modules, a flag the other suites do not work under.
 *
 * The stock Kubernetes plugin, configured as app-config.yaml configures it (only
 * the sandbox's port and CA differ), shows SockShop's pods from the sandbox for
 * the catalog's own entities.
 */
describe('the Kubernetes tab against the local cluster', () => {
  let sandbox: Sandbox;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let local: any;

  beforeAll(async () => {
    sandbox = await startSandbox({
      controllers: clusterControllers().controllers,
      seed: sockshopScenario({ users: 1 }),
    });
    await sandbox.settle(30_000);
    // app-config.yaml as the backend loads it: yarn start sets the portal's token
    const appConfig = parse(
      fs
        .readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8')
        .replaceAll('${SANDBOX_PORTAL_TOKEN}', sandbox.tokens.write),
    );
    [local] = appConfig.kubernetes.clusterLocatorMethods[0].clusters;
    const kubernetes = {
      ...appConfig.kubernetes,
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              ...local,
              url: sandbox.url,
              caFile: undefined,
              caData: Buffer.from(sandbox.caCertificate).toString('base64'),
            },
          ],
        },
      ],
    };
    backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        catalogServiceMock.factory({
          entities: readEntities(path.join(repoRoot, 'catalog-info.yaml')),
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({ data: { kubernetes } }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  it('uses the cluster app-config.yaml configures', () => {
    expect(local).toMatchObject({
      name: 'local',
      authProvider: 'serviceAccount',
      serviceAccountToken: sandbox.tokens.write,
      skipMetricsLookup: true,
    });
  });

  it.each(['carts', 'front-end', 'carts-db'])(
    'lists the pods of %s',
    async name => {
      const kind = name.endsWith('-db') ? 'resource' : 'component';
      const response = await request(backend.server)
        .post('/api/kubernetes/resources/workloads/query')
        .set('Authorization', mockCredentials.user.header())
        .send({ entityRef: `${kind}:default/${name}` });
      expect(response.status).toBe(200);
      const [cluster] = response.body.items;
      expect(cluster.cluster.name).toBe('local');
      expect(cluster.errors).toEqual([]);
      const pods = cluster.resources.find(
        (r: any) => r.type === 'pods',
      ).resources;
      expect(pods).toHaveLength(1);
      expect(pods[0].metadata.name).toMatch(new RegExp(`^${name}-`));
      expect(pods[0].status.phase).toBe('Running');
      const deployments = cluster.resources.find(
        (r: any) => r.type === 'deployments',
      ).resources;
      expect(deployments.map((d: any) => d.metadata.name)).toEqual([name]);
    },
  );
});
