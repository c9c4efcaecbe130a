import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  K8sObject,
  Sandbox,
  SandboxContext,
  kinds,
  startSandbox,
} from '@internal/mesh-sandbox';
import request from 'supertest';
import { backendFor } from './__testUtils__/meshBackend';
import { ossm3Kinds, warmOssm3Kinds } from './__testUtils__/warmKinds';

jest.setTimeout(240_000);

const ns = 'shop-ambient';
const { istios, httpRoutes } = ossm3Kinds;

const shopSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'shop-ambient',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': ns },
  },
  spec: { owner: 'team' },
};

/** An ambient workload: no sidecar container, no injection annotation. */
function workload(name: string, labels: Record<string, string>): K8sObject {
  return {
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'web', image: 'example/web:1.0' }] },
      },
    },
  };
}

const service = (name: string, selector: Record<string, string>) => ({
  metadata: { name, namespace: ns },
  spec: { selector, ports: [{ port: 8080 }] },
});

/** OSSM 3: a Healthy Sail `Istio` and an ambient namespace whose `web` is split 80/20 by an HTTPRoute over per-version Services. */
async function seed({ client }: SandboxContext) {
  await client.create(kinds.namespaces, { metadata: { name: 'istio-system' } });
  await client.create(kinds.namespaces, {
    metadata: {
      name: ns,
      labels: {
        'istio.io/rev': 'default',
        'istio.io/dataplane-mode': 'ambient',
      },
    },
  });
  await client.create(istios, {
    metadata: { name: 'default' },
    spec: {
      namespace: 'istio-system',
      version: 'v1.30.3',
      profile: 'ambient',
      updateStrategy: { type: 'InPlace' },
    },
  });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await client.applyStatus(
    istios,
    undefined,
    'default',
    {
      state: 'Healthy',
      activeRevisionName: 'default',
      revisions: { total: 1, ready: 1, inUse: 1 },
      conditions: ['Reconciled', 'Ready', 'DependenciesHealthy'].map(type => ({
        type,
        status: 'True',
        lastTransitionTime: now,
      })),
    },
    { fieldManager: 'sail-operator' },
  );
  const v1 = { app: 'web', version: 'v1' };
  const v2 = { app: 'web', version: 'v2' };
  await client.create(kinds.deployments, workload('web-v1', v1));
  await client.create(kinds.deployments, workload('web-v2', v2));
  await client.create(kinds.services, service('web', { app: 'web' }));
  await client.create(kinds.services, service('web-v1', v1));
  await client.create(kinds.services, service('web-v2', v2));
  await client.create(httpRoutes, {
    metadata: { name: 'web-canary', namespace: ns },
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name: 'web', port: 8080 }],
      rules: [
        {
          backendRefs: [
            { name: 'web-v1', port: 8080, weight: 80 },
            { name: 'web-v2', port: 8080, weight: 20 },
          ],
        },
      ],
    },
  });
}

describe('the mesh status of an OSSM 3 (Sail) ambient namespace, against the real API server', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed });
    await sandbox.settle();
    await warmOssm3Kinds(sandbox);
  });
  afterAll(async () => {
    // The cluster's reset empties namespaces only: a cluster-scoped Istio would outlive this sandbox.
    await sandbox?.client.delete(istios, undefined, 'default');
    await sandbox?.stop();
  });

  it.each([
    ['listed per request', false],
    ['from watches', true],
  ])(
    'shows the Sail control plane, ambient workloads, the 80/20 HTTPRoute and the missing waypoint (%s)',
    async (_, watch) => {
      const { backend } = await backendFor(sandbox, {
        entities: [shopSystem],
        serviceMesh: { cacheTtlSeconds: 0, watch: { enabled: watch } },
      });
      const response = await request(backend.server)
        .get('/api/service-mesh/entities/system/default/shop-ambient/status')
        .set('Authorization', mockCredentials.user.header());
      await backend.stop();
      expect(response.status).toBe(200);
      const status = response.body;
      expect(status.sources.kubernetes).toMatchObject({
        state: 'ok',
        ...(watch ? { mode: 'watch' } : {}),
      });
      expect(status.controlPlane).toMatchObject({
        flavour: 'sail',
        name: 'default',
        namespace: 'istio-system',
        version: 'v1.30.3',
        revision: 'default',
        ready: true,
      });
      expect(status.membership).toEqual({
        namespace: ns,
        member: true,
        controlPlaneNamespace: 'istio-system',
        via: 'istio-injection-label',
        revision: 'default',
        dataplaneMode: 'ambient',
      });
      expect(status.services.map((s: any) => s.name)).toEqual(['web']);
      const web = status.services.find((s: any) => s.name === 'web');
      expect(
        web.workloads.map(
          (w: any) => `${w.name} ${w.dataplane} ${w.readyPods}`,
        ),
      ).toEqual(['web-v1 ambient 1', 'web-v2 ambient 1']);
      expect(web.routes).toEqual([]);
      expect(web.httpRoutes).toHaveLength(1);
      expect(web.httpRoutes[0]).toMatchObject({
        kind: 'HTTPRoute',
        httpRoute: 'web-canary',
        parentRefs: [{ kind: 'Service', name: 'web', port: 8080 }],
      });
      expect(
        web.httpRoutes[0].destinations.map(
          (d: any) =>
            `${d.host} ${d.version}=${d.weight} pods=${d.matchingPods}`,
        ),
      ).toEqual(['web-v1 v1=80 pods=1', 'web-v2 v2=20 pods=1']);
      const codes = status.findings.map((f: any) => `${f.code} ${f.service}`);
      expect(codes).toEqual(['ambient-l7-without-waypoint web']);
      expect(
        codes.filter((c: string) => c.startsWith('sidecar-missing')),
      ).toEqual([]);
    },
  );

  it('answers a long poll when the HTTPRoute weights or the Istio state change (watched)', async () => {
    const { backend } = await backendFor(sandbox, {
      entities: [shopSystem],
      serviceMesh: { cacheTtlSeconds: 0, watch: { enabled: true } },
    });
    const statusAt = async (query = '') =>
      (
        await request(backend.server)
          .get(
            `/api/service-mesh/entities/system/default/shop-ambient/status${query}`,
          )
          .set('Authorization', mockCredentials.user.header())
      ).body;
    const weights = (status: any) =>
      status.services[0].httpRoutes[0].destinations.map((d: any) => d.weight);
    try {
      const first = await statusAt();
      expect(weights(first)).toEqual([80, 20]);
      const waiting = statusAt(`?sinceVersion=${first.version}`);
      await sandbox.client.mergePatch(httpRoutes, ns, 'web-canary', {
        spec: {
          rules: [
            {
              backendRefs: [
                { name: 'web-v1', port: 8080, weight: 1 },
                { name: 'web-v2', port: 8080, weight: 1 },
              ],
            },
          ],
        },
      });
      const shifted = await waiting;
      expect(weights(shifted)).toEqual([50, 50]);

      const degrading = statusAt(`?sinceVersion=${shifted.version}`);
      await sandbox.client.applyStatus(
        istios,
        undefined,
        'default',
        { state: 'IstiodNotReady' },
        { fieldManager: 'sail-operator' },
      );
      const degraded = await degrading;
      expect(degraded.controlPlane).toMatchObject({
        flavour: 'sail',
        ready: false,
        reason: expect.stringContaining('IstiodNotReady'),
      });
      expect(degraded.findings[0].code).toBe('control-plane-not-ready');
    } finally {
      await backend.stop();
    }
  });
});
