import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  Sandbox,
  clusterControllers,
  sandboxKubernetesConfig,
  sockshopScenario,
  startSandbox,
} from '@internal/mesh-sandbox';
import https from 'node:https';
import path from 'node:path';
import request from 'supertest';
import {
  readEntities,
  repoRoot,
} from '../catalog/__testUtils__/repoCatalogFiles';
import proxyGuardModule from '.';
import policyModule from '../permissions';

jest.setTimeout(120_000);

/**
 * Runs with `yarn workspace backend test:vm` (see kubernetesTab.test.vm.ts).
 * The stock Kubernetes plugin with the portal's proxy guard and policy: a guest
 * cannot write (or read Secrets) through /api/kubernetes/proxy with the
 * portal's cluster token, the Kubernetes tab's reads keep working, admins may.
 */
describe('the Kubernetes proxy under the portal policy', () => {
  let sandbox: Sandbox;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  /** The cluster directly, with its own token (client-node is ESM, which these vm tests cannot import statically). */
  const kube = (method: string, apiPath: string, body?: unknown) =>
    new Promise<any>((resolve, reject) => {
      const req = https.request(
        new URL(apiPath, sandbox.url),
        {
          method,
          ca: sandbox.caCertificate,
          headers: {
            authorization: `Bearer ${sandbox.tokens.write}`,
            'content-type': 'application/json',
          },
        },
        res => {
          let text = '';
          res.on('data', chunk => {
            text += chunk;
          });
          res.on('end', () =>
            res.statusCode! < 300
              ? resolve(JSON.parse(text))
              : reject(new Error(`${res.statusCode} ${text}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });

  const guest = mockCredentials.user.header('user:default/guest');
  const admin = mockCredentials.user.header('user:default/ada');

  beforeAll(async () => {
    sandbox = await startSandbox({
      controllers: clusterControllers().controllers,
      seed: sockshopScenario({ users: 1 }),
    });
    await sandbox.settle(30_000);
    await kube(
      'POST',
      '/apis/networking.istio.io/v1beta1/namespaces/user1-sockshop/virtualservices',
      {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name: 'front-end', namespace: 'user1-sockshop' },
        spec: {
          hosts: ['front-end'],
          http: [{ route: [{ destination: { host: 'front-end' } }] }],
        },
      },
    );
    const userInfo = mockServices.userInfo.mock({
      getUserInfo: async (credentials: any) => {
        const ref = credentials.principal.userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs:
            ref === 'user:default/ada'
              ? [ref, 'group:default/platform-admins']
              : [ref, 'group:default/sockshop-team'],
        };
      },
    });
    backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        proxyGuardModule,
        permissionPlugin,
        policyModule,
        userInfo.factory,
        catalogServiceMock.factory({
          entities: readEntities(path.join(repoRoot, 'catalog-info.yaml')),
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            permission: {
              enabled: true,
              serviceMeshPolicy: { admins: ['group:default/platform-admins'] },
            },
            kubernetes: sandboxKubernetesConfig(sandbox),
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  const proxy = (method: 'get' | 'patch', apiPath: string, who: string) =>
    request(backend.server)
      [method](`/api/kubernetes/proxy${apiPath}`)
      .set('Authorization', who)
      .set('Backstage-Kubernetes-Cluster', 'local');

  const weightsPatch = {
    spec: {
      http: [
        {
          route: [
            { destination: { host: 'front-end', subset: 'v1' }, weight: 0 },
            { destination: { host: 'front-end', subset: 'v2' }, weight: 100 },
          ],
        },
      ],
    },
  };
  const vsPath =
    '/apis/networking.istio.io/v1beta1/namespaces/user1-sockshop/virtualservices/front-end';
  const liveVs = () => kube('GET', vsPath);

  it('answers 403 to a guest PATCH of a VirtualService, and the cluster keeps it as it was', async () => {
    const before = await liveVs();
    const response = await proxy('patch', vsPath, guest)
      .set('Content-Type', 'application/merge-patch+json')
      .send(weightsPatch);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(
      'only admins may (portal.kubernetes.proxy.unsafe)',
    );
    const after = await liveVs();
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect(after.spec).toEqual(before.spec);
  });

  it('answers 403 to a guest reading Secrets, however the path is spelled', async () => {
    for (const apiPath of [
      '/api/v1/namespaces/user1-sockshop/secrets',
      '/api/v1/secrets',
      '/api/v1/namespaces/user1-sockshop/secret%73',
    ]) {
      expect({
        apiPath,
        status: (await proxy('get', apiPath, guest)).status,
      }).toEqual({
        apiPath,
        status: 403,
      });
    }
  });

  it('keeps the Kubernetes tab working for the guest: its workloads query and reads through the proxy', async () => {
    const workloads = await request(backend.server)
      .post('/api/kubernetes/resources/workloads/query')
      .set('Authorization', guest)
      .send({ entityRef: 'component:default/front-end' });
    expect(workloads.status).toBe(200);
    const pods = workloads.body.items[0].resources.find(
      (r: any) => r.type === 'pods',
    ).resources;
    expect(pods[0].metadata.name).toMatch(/^front-end-/);
    const list = await proxy(
      'get',
      '/api/v1/namespaces/user1-sockshop/pods',
      guest,
    );
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
  });

  it('lets an admin PATCH through the proxy', async () => {
    const response = await proxy('patch', vsPath, admin)
      .set('Content-Type', 'application/merge-patch+json')
      .send(weightsPatch);
    expect(response.status).toBe(200);
    expect(
      (await liveVs()).spec.http[0].route.map((r: any) => r.weight),
    ).toEqual([0, 100]);
  });
});
