import { Kind, kinds } from '@internal/mesh-sandbox';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  storedState,
  TestCluster,
  writesOf,
} from '../__testUtils__/testCluster';
import { kubeConfigFor } from '@service-mesh/plugin-service-mesh-node';
import { clusterNamed } from '../cluster/clusters';
import { MeshCluster } from '../cluster/meshCluster';
import { stepChecks } from '../preflight/stepChecks';
import { createTrafficShiftAction } from './trafficShift';

jest.setTimeout(240_000);

const ns = 'shop';
const httpRoutes: Kind = {
  group: 'gateway.networking.k8s.io',
  version: 'v1',
  plural: 'httproutes',
  kind: 'HTTPRoute',
  namespaced: true,
};

/** web split 80/20 over web-v1/web-v2 by rule 0, and an admin rule. */
const webRoute = {
  metadata: { name: 'web-route', namespace: ns, labels: { team: 'a' } },
  spec: {
    parentRefs: [{ group: '', kind: 'Service', name: 'web', port: 8080 }],
    hostnames: ['web.shop.example.com'],
    rules: [
      {
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

describe('servicemesh:traffic:shift of an HTTPRoute', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createTrafficShiftAction>;
  const input = {
    cluster: 'local',
    namespace: ns,
    httpRoute: 'web-route',
    weights: { 'web-v1': 50, 'web-v2': 50 },
  };
  const routeNow = () =>
    cluster.sandbox.client.get(httpRoutes, ns, 'web-route');
  const weights = async () =>
    (await routeNow()).spec.rules[0].backendRefs.map((r: any) => [
      r.name,
      r.weight,
    ]);

  beforeAll(async () => {
    cluster = await startTestCluster({ seed: 'bare' });
    const { client } = cluster.sandbox;
    await client.create(kinds.namespaces, { metadata: { name: ns } });
    // the API server builds the CRD's storage on its first request
    await client.list(httpRoutes);
    // as a template would have created it: the plugins' field manager
    await client.create(httpRoutes, webRoute, {
      fieldManager: 'backstage-service-mesh',
    });
    action = createTrafficShiftAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run', async () => {
    const before = await storedState(cluster.sandbox);
    const { log } = await runAction(action, input, { dryRun: true });
    expect(await storedState(cluster.sandbox)).toEqual(before);
    expect(log).toContain('HTTPRoute shop/web-route: would be configured');
  });

  it('sets the backendRef weights and keeps the rest of the HTTPRoute', async () => {
    const { outputs } = await runAction(action, input);
    expect(outputs.weights).toEqual({ 'web-v1': 50, 'web-v2': 50 });
    expect(await weights()).toEqual([
      ['web-v1', 50],
      ['web-v2', 50],
    ]);
    const route = await routeNow();
    expect(route.spec.parentRefs).toEqual(webRoute.spec.parentRefs);
    expect(route.spec.hostnames).toEqual(webRoute.spec.hostnames);
    expect(route.spec.rules[1].matches).toEqual(webRoute.spec.rules[1].matches);
    expect(route.metadata.labels).toEqual({ team: 'a' });
  });

  it('labels the HTTPRoute for teardown, marking one it did not make as changed only', async () => {
    await runAction(action, { ...input, user: 'user9' });
    const route = await routeNow();
    expect(route.metadata.labels).toEqual({
      team: 'a',
      'servicemesh.backstage.io/managed-by': 'user9',
    });
    expect(
      JSON.parse(
        String(
          route.metadata.annotations?.['servicemesh.backstage.io/original'],
        ),
      ),
    ).toEqual({ changed: true });
    // the label is kept by later shifts without a user
    await runAction(action, {
      ...input,
      weights: { 'web-v1': 60, 'web-v2': 40 },
    });
    expect((await routeNow()).metadata.labels).toEqual({
      team: 'a',
      'servicemesh.backstage.io/managed-by': 'user9',
    });
  });

  it.each([
    [
      { weights: { 'web-v1': 50, 'web-v3': 50 } },
      "weights names Services that no backendRef of rule 0 of HTTPRoute 'web-route' names: web-v3",
    ],
    [{ ruleIndex: 2 }, "ruleIndex 2 names no rule of HTTPRoute 'web-route'"],
    [
      { httpRoute: 'catalogue' },
      "httpRoute 'catalogue' does not exist in namespace 'shop'",
    ],
  ])('refuses %j before writing', async (change, message) => {
    cluster.sandbox.stats.reset();
    await expect(runAction(action, { ...input, ...change })).rejects.toThrow(
      message,
    );
    expect(writesOf(cluster.sandbox)).toBe(0);
  });

  it('leaves weights another field manager owns alone and says whose they are', async () => {
    const rules = structuredClone((await routeNow()).spec.rules);
    rules[0].backendRefs[0].weight = 90;
    rules[0].backendRefs[1].weight = 10;
    await cluster.sandbox.client.mergePatch(
      httpRoutes,
      ns,
      'web-route',
      { spec: { rules } },
      { fieldManager: 'argocd-controller' },
    );
    await expect(runAction(action, input)).rejects.toThrow(
      'spec.rules is also managed by "argocd-controller"',
    );
    expect(await weights()).toEqual([
      ['web-v1', 90],
      ['web-v2', 10],
    ]);
  });

  it("is checked by the preflight: the HTTPRoute, its rule and the weights' backends", async () => {
    const connection = clusterNamed(cluster.config, 'local');
    const env = {
      cluster: new MeshCluster(
        'local',
        kubeConfigFor(connection, 'scaffolder'),
      ),
    } as any;
    const check = stepChecks['servicemesh:traffic:shift'];
    expect(await check(input, env)).toEqual([]);
    expect(
      await check({ ...input, weights: { 'web-v1': 50, v2: 50 } }, env),
    ).toEqual([
      {
        path: ['weights'],
        kind: 'input',
        message:
          "names Services that no backendRef of rule 0 of HTTPRoute 'web-route' names: v2",
      },
    ]);
    expect(await check({ ...input, httpRoute: 'catalogue' }, env)).toEqual([
      {
        path: ['httpRoute'],
        kind: 'notFound',
        message: "HTTPRoute 'catalogue' does not exist in namespace 'shop'",
      },
    ]);
  });
});
