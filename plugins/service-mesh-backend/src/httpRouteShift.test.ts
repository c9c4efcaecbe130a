import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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

const ns = 'shop-gateway-api';
const { httpRoutes } = ossm3Kinds;

const shopSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'shop-gateway-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': ns },
  },
  spec: { owner: 'team' },
};

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

/** The HTTPRoute as a template created it (the plugins' field manager): web split 80/20 over web-v1/web-v2, and an admin rule. */
const webRoute = {
  metadata: {
    name: 'web-route',
    namespace: ns,
    labels: { 'servicemesh.backstage.io/managed-by': 'user1' },
  },
  spec: {
    parentRefs: [{ group: '', kind: 'Service', name: 'web', port: 8080 }],
    hostnames: ['web.shop.example.com'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { name: 'web-v1', port: 8080, weight: 80 },
          { name: 'web-v2', port: 8080, weight: 20 },
        ],
      },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/admin' } }],
        backendRefs: [{ name: 'web-v1', port: 8080 }],
      },
    ],
  },
};

async function seed({ client }: SandboxContext) {
  await client.create(kinds.namespaces, {
    metadata: { name: ns, labels: { 'istio-injection': 'enabled' } },
  });
  const v1 = { app: 'web', version: 'v1' };
  const v2 = { app: 'web', version: 'v2' };
  await client.create(kinds.deployments, workload('web-v1', v1));
  await client.create(kinds.deployments, workload('web-v2', v2));
  await client.create(kinds.services, service('web', { app: 'web' }));
  await client.create(kinds.services, service('web-v1', v1));
  await client.create(kinds.services, service('web-v2', v2));
  await client.create(httpRoutes, webRoute, {
    fieldManager: 'backstage-service-mesh',
  });
}

const trafficUrl =
  '/api/service-mesh/entities/system/default/shop-gateway-api/traffic';

describe('traffic shifting of an HTTPRoute-routed service, against the real API server', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed });
    await sandbox.settle();
    await warmOssm3Kinds(sandbox);
  });
  afterAll(() => sandbox?.stop());

  const routeNow = () => sandbox.client.get(httpRoutes, ns, 'web-route');
  const weightsNow = async () =>
    (await routeNow()).spec.rules[0].backendRefs.map((r: any) => r.weight);
  const backend = (options: Parameters<typeof backendFor>[1] = {}) =>
    backendFor(sandbox, {
      entities: [shopSystem],
      serviceMesh: { cacheTtlSeconds: 0 },
      ...options,
    });
  const shift = (server: any, weights: Record<string, number>) =>
    request(server)
      .post(trafficUrl)
      .set('Authorization', mockCredentials.user.header())
      .send({ service: 'web', weights });

  it('writes the backendRef weights, keeps the rest of the HTTPRoute, audits the shift and answers the new status', async () => {
    const { backend: b, events } = await backend();
    try {
      const response = await shift(b.server, { 'web-v1': 50, 'web-v2': 50 });
      expect(response.status).toBe(200);
      const web = response.body.services.find((s: any) => s.name === 'web');
      expect(
        web.httpRoutes[0].destinations.map(
          (d: any) => `${d.host} ${d.version}=${d.weight}`,
        ),
      ).toEqual(['web-v1 v1=50', 'web-v2 v2=50']);

      const route = await routeNow();
      expect(route.spec.rules[0].backendRefs).toEqual([
        { group: '', kind: 'Service', name: 'web-v1', port: 8080, weight: 50 },
        { group: '', kind: 'Service', name: 'web-v2', port: 8080, weight: 50 },
      ]);
      expect(route.spec.rules[0].matches).toEqual([
        { path: { type: 'PathPrefix', value: '/' } },
      ]);
      expect(route.spec.rules[1].backendRefs.map((r: any) => r.name)).toEqual([
        'web-v1',
      ]);
      expect(route.spec.parentRefs).toEqual(webRoute.spec.parentRefs);
      expect(route.spec.hostnames).toEqual(webRoute.spec.hostnames);
      expect(route.metadata.labels).toEqual(webRoute.metadata.labels);
      expect(
        route.metadata.managedFields!.map(
          (m: any) => `${m.manager}/${m.operation}`,
        ),
      ).toContain('backstage-service-mesh/Apply');

      expect(events[0]).toMatchObject({
        eventId: 'traffic-shift',
        meta: {
          actor: 'user:default/mock',
          intent: 'traffic',
          cluster: 'local',
          namespaces: [ns],
          entityRef: 'system:default/shop-gateway-api',
          service: 'web',
          to: { 'web-v1': 50, 'web-v2': 50 },
        },
      });
      expect(events[1]).toEqual({
        success: {
          httpRoute: 'web-route',
          ruleIndex: 0,
          from: { 'web-v1': 80, 'web-v2': 20 },
        },
      });
    } finally {
      // back to 80/20 for the tests below
      await shift(b.server, { 'web-v1': 80, 'web-v2': 20 });
      await b.stop();
    }
    expect(await weightsNow()).toEqual([80, 20]);
  });

  it('answers the new weights at once when the status comes from watches', async () => {
    const { backend: b } = await backend({
      serviceMesh: { cacheTtlSeconds: 0, watch: { enabled: true } },
    });
    const weightsOf = (status: any) =>
      status.services
        .find((s: any) => s.name === 'web')
        .httpRoutes[0].destinations.map((d: any) => d.weight);
    try {
      const response = await shift(b.server, { 'web-v1': 30, 'web-v2': 70 });
      expect(response.status).toBe(200);
      expect(response.body.sources.kubernetes.mode).toBe('watch');
      expect(weightsOf(response.body)).toEqual([30, 70]);
      const back = await shift(b.server, { 'web-v1': 80, 'web-v2': 20 });
      expect(weightsOf(back.body)).toEqual([80, 20]);
    } finally {
      await b.stop();
    }
  });

  it.each([
    [
      { 'web-v1': 50, 'web-v3': 50 },
      "weights.web-v3: no backendRef of HTTPRoute web-route (rule 0) names Service 'web-v3'",
    ],
    [{ v1: 50, v2: 50 }, 'weights.v1: no backendRef of HTTPRoute web-route'],
  ])(
    'refuses unknown keys %j with 400 naming the field, and writes nothing',
    async (weights, message) => {
      const { backend: b } = await backend();
      const before = (await routeNow()).metadata.resourceVersion;
      try {
        const response = await shift(b.server, weights);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(message);
        expect((await routeNow()).metadata.resourceVersion).toBe(before);
      } finally {
        await b.stop();
      }
    },
  );

  it('refuses to take weights another field manager owns, naming the field and the manager', async () => {
    const live = await routeNow();
    const rules = structuredClone(live.spec.rules);
    rules[0].backendRefs[0].weight = 90;
    rules[0].backendRefs[1].weight = 10;
    await sandbox.client.mergePatch(
      httpRoutes,
      ns,
      'web-route',
      { spec: { rules } },
      { fieldManager: 'kubectl-edit' },
    );
    const { backend: b } = await backend();
    try {
      const response = await shift(b.server, { 'web-v1': 50, 'web-v2': 50 });
      expect(response.status).toBe(409);
      expect(response.body.error.message).toContain(
        'updating HTTPRoute web-route: spec.rules is also managed by "kubectl-edit"',
      );
      expect(await weightsNow()).toEqual([90, 10]);
    } finally {
      await b.stop();
      // the plugins' manager takes the rules back for the tests below
      await sandbox.client.apply(
        httpRoutes,
        { metadata: webRoute.metadata, spec: webRoute.spec },
        { fieldManager: 'backstage-service-mesh', force: true },
      );
    }
  });

  it('answers 403 without permission, audits the refusal and writes nothing', async () => {
    const { backend: b, events } = await backend({
      result: AuthorizeResult.DENY,
    });
    const before = (await routeNow()).metadata.resourceVersion;
    try {
      const response = await shift(b.server, { 'web-v1': 0, 'web-v2': 100 });
      expect(response.status).toBe(403);
      expect((await routeNow()).metadata.resourceVersion).toBe(before);
      expect(events).toEqual([
        expect.objectContaining({ eventId: 'traffic-shift' }),
        { fail: response.body.error.message },
      ]);
    } finally {
      await b.stop();
    }
  });
});
