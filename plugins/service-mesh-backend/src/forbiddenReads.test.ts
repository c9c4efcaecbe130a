import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Sandbox, sandboxKubernetesConfig } from '@internal/mesh-sandbox';
import request from 'supertest';
import { serviceMeshPlugin } from './plugin';
import { frontEndComponent } from './__testUtils__/entities';
import { startMeshedSandbox } from './__testUtils__/meshedSandbox';
import { statusReaderRules, tokenWithRules } from './__testUtils__/scopedToken';

jest.setTimeout(180_000);

/**
 * The portal's credentials refused (403) on reads the status needs, against
 * the real API server's RBAC: the status names each refused read and still
 * shows what the other reads gave.
 */
describe.each([
  ['per request (LIST)', false],
  ['from watches', true],
])('refused reads, %s', (_mode, watch) => {
  let sandbox: Sandbox;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    sandbox = await startMeshedSandbox();
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await sandbox?.stop();
  });

  async function statusWith(token: string) {
    const backend = await startTestBackend({
      features: [
        serviceMeshPlugin,
        catalogServiceMock.factory({ entities: [frontEndComponent] }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: sandboxKubernetesConfig(sandbox, { token }),
            serviceMesh: { cacheTtlSeconds: 0, watch: { enabled: watch } },
          },
        }),
      ],
    });
    try {
      const response = await request(backend.server)
        .get('/api/service-mesh/entities/component/default/front-end/status')
        .set('Authorization', mockCredentials.user.header());
      return response;
    } finally {
      await backend.stop();
    }
  }

  it("says the portal's service account may not list pods in user1-sockshop, and shows the rest", async () => {
    const { token, remove } = await tokenWithRules(
      sandbox,
      `no-pods-${watch ? 'watch' : 'list'}`,
      statusReaderRules(rule => ({
        ...rule,
        resources: rule.resources.filter(r => r !== 'pods'),
      })),
    );
    cleanups.push(remove);
    const response = await statusWith(token);
    expect(response.status).toBe(200);
    const { kubernetes } = response.body.sources;
    expect(kubernetes).toMatchObject({
      state: 'degraded',
      reason:
        "the portal's service account may not list pods in user1-sockshop",
      forbidden: [
        { verb: 'list', resource: 'pods', namespace: 'user1-sockshop' },
      ],
    });
    // With watches on, that list is needed too: the namespace is listed per request, and the status says so.
    expect(kubernetes.mode).toBe(watch ? 'list' : undefined);
    expect(kubernetes.note).toBe(
      watch
        ? "the portal's service account may not list pods in user1-sockshop, so this namespace is listed on each request instead of watched"
        : undefined,
    );
    // Nothing else breaks: membership, control plane, both workloads and the 80/20 route.
    expect(response.body.membership).toMatchObject({ member: true });
    expect(response.body.controlPlane).toMatchObject({ name: 'basic-install' });
    const [frontEnd] = response.body.services;
    expect(frontEnd.workloads.map((w: any) => w.name).sort()).toEqual([
      'front-end',
      'front-end-v2',
    ]);
    expect(frontEnd.workloads.every((w: any) => w.readyPods === 0)).toBe(true);
    expect(frontEnd.routes[0].destinations.map((d: any) => d.weight)).toEqual([
      80, 20,
    ]);
  });

  it('names every refused read for a token with no rights, without calling the namespace unmeshed', async () => {
    const response = await statusWith(sandbox.tokens.none);
    expect(response.status).toBe(200);
    const { kubernetes } = response.body.sources;
    expect(kubernetes.state).toBe('degraded');
    expect(kubernetes.reason).toMatch(/^the portal's service account may not /);
    for (const read of [
      'get namespaces user1-sockshop',
      'list deployments in user1-sockshop',
      'list pods in user1-sockshop',
      'list services in user1-sockshop',
      'list virtualservices in user1-sockshop',
      'list destinationrules in user1-sockshop',
      'list gateways in user1-sockshop',
      'list servicemeshmemberrolls in all namespaces',
    ])
      expect(kubernetes.reason).toContain(read);
    expect(kubernetes.mode).toBe(watch ? 'list' : undefined);
    expect(response.body.services).toEqual([]);
    expect(response.body.findings.map((f: any) => f.code)).not.toContain(
      'namespace-not-member',
    );
  });
});
