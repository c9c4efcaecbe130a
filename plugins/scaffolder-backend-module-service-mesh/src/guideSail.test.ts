import { kinds } from '@internal/mesh-sandbox';
import { runGuide } from './__testUtils__/guide';
import { runAction } from './__testUtils__/runAction';
import {
  TestCluster,
  eventually,
  startTestCluster,
  stored,
  storedState,
} from './__testUtils__/testCluster';
import { createTeardownAction } from './actions/teardown';

jest.setTimeout(300_000);

/**
 * The keys of what is stored once Kubernetes' garbage collector has removed
 * what the deleted Gateways owned (their Envoy Deployments and Services, in a
 * namespace teardown keeps); what is left after a minute otherwise.
 */
async function keysOnceCollected(
  cluster: TestCluster,
  start: Record<string, string>,
): Promise<string[]> {
  const wanted = JSON.stringify(Object.keys(start).sort());
  let keys: string[] = [];
  await eventually("the Gateways' dependents to be collected", async () => {
    keys = Object.keys(await storedState(cluster.sandbox)).sort();
    return JSON.stringify(keys) === wanted ? true : undefined;
  }).catch(() => undefined);
  return keys;
}

/**
 * The template's OSSM 3 ambient steps for user1, whose SockShop ran before
 * the template (its namespace, Deployments and Route are not the actions'):
 * teardown gives back exactly what was there.
 */
describe('the guide the OSSM 3 way, for a SockShop that was there', () => {
  let cluster: TestCluster;
  let start: Record<string, string>;
  const parameters = { flavour: 'sail', dataplane: 'ambient' };

  beforeAll(async () => {
    cluster = await startTestCluster();
    start = await storedState(cluster.sandbox);
  });
  afterAll(() => cluster.stop());

  const get = (
    group: string,
    plural: string,
    ns: string | undefined,
    name: string,
  ) => stored(cluster.sandbox, group, plural, ns, name);

  it('writes nothing in a dry run of every step', async () => {
    const log = await runGuide(cluster.config, { dryRun: true, parameters });
    expect(await storedState(cluster.sandbox)).toEqual(start);
    expect(log).toContain('Istio user1: would be created');
    expect(log).toContain('ZTunnel default: would be created');
    expect(log).toContain(
      "Route user1-sockshop/front-end: would be replaced by one to the Gateway's Service front-end-gateway-istio",
    );
  });

  it('labels the namespace it did not create, relabels front-end for its version Service, and replaces the Route', async () => {
    await runGuide(cluster.config, { parameters });
    const namespace = await get('', 'namespaces', undefined, 'user1-sockshop');
    expect(namespace?.metadata.labels).toMatchObject({
      'istio-discovery': 'user1',
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
    });
    expect(namespace?.metadata.labels).not.toHaveProperty(
      'servicemesh.backstage.io/managed-by',
    );
    const frontEnd = await get(
      'apps',
      'deployments',
      'user1-sockshop',
      'front-end',
    );
    expect(frontEnd?.spec.template.metadata.labels).toMatchObject({
      version: 'v1',
    });
    expect(
      (await get('route.openshift.io', 'routes', 'user1-sockshop', 'front-end'))
        ?.spec.to.name,
    ).toBe('front-end-gateway-istio');
  });

  it('gives back the namespace, the Deployment and the Route as they were', async () => {
    const before = (key: string) => JSON.parse(start[key]);
    const done = await storedState(cluster.sandbox);
    const dry = await runAction(
      createTeardownAction(cluster),
      { cluster: 'local', user: 'user1' },
      { dryRun: true },
    );
    expect(await storedState(cluster.sandbox)).toEqual(done);
    expect(dry.log).toContain('Istio user1: would be deleted');
    expect(dry.log).toContain(
      "Namespace user1-sockshop: would be restored (the template's changes removed)",
    );
    await runAction(createTeardownAction(cluster), {
      cluster: 'local',
      user: 'user1',
    });
    await cluster.sandbox.settle();
    expect(await keysOnceCollected(cluster, start)).toEqual(
      Object.keys(start).sort(),
    );
    const namespace = await get('', 'namespaces', undefined, 'user1-sockshop');
    expect(namespace?.metadata.labels).toEqual(
      before('namespaces//user1-sockshop').metadata.labels,
    );
    const frontEnd = await get(
      'apps',
      'deployments',
      'user1-sockshop',
      'front-end',
    );
    const was = before('deployments/user1-sockshop/front-end');
    expect(frontEnd?.metadata.labels).toEqual(was.metadata.labels);
    expect(frontEnd?.spec.template.metadata).toEqual(
      was.spec.template.metadata,
    );
    const route = await get(
      'route.openshift.io',
      'routes',
      'user1-sockshop',
      'front-end',
    );
    expect(route?.spec).toEqual(before('routes/user1-sockshop/front-end').spec);
  });
});

describe.each([
  [
    { updateStrategy: 'RevisionBased', injection: 'revision' },
    { 'istio.io/rev': 'user1-v1-30-3' },
    undefined,
  ],
  [
    { updateStrategy: 'InPlace', injection: 'default-tag' },
    { 'istio-injection': 'enabled' },
    { kind: 'Istio', name: 'user1' },
  ],
])('the OSSM 3 sidecar guide with %j', (form, labels, defaultTag) => {
  let cluster: TestCluster;
  let start: Record<string, string>;
  const parameters = { flavour: 'sail', dataplane: 'sidecar', ...form };

  beforeAll(async () => {
    cluster = await startTestCluster();
    start = await storedState(cluster.sandbox);
  });
  afterAll(() => cluster.stop());

  it('labels the namespace for the revision and injects every pod', async () => {
    await runGuide(cluster.config, { parameters });
    const namespace = await stored(
      cluster.sandbox,
      '',
      'namespaces',
      undefined,
      'user1-sockshop',
    );
    expect(namespace?.metadata.labels).toMatchObject(labels);
    // the cluster's default tag: made only for istio-injection
    const tag = await stored(
      cluster.sandbox,
      'sailoperator.io',
      'istiorevisiontags',
      undefined,
      'default',
    );
    expect(tag?.spec.targetRef).toEqual(defaultTag);
    const pods = (
      await cluster.sandbox.client.list(kinds.pods, 'user1-sockshop')
    ).items.filter(
      p => !p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'],
    );
    expect(
      pods
        .filter(
          p => !p.spec.containers.some((c: any) => c.name === 'istio-proxy'),
        )
        .map(p => p.metadata.name),
    ).toEqual([]);
  });

  it('is undone by teardown', async () => {
    await runAction(createTeardownAction(cluster), {
      cluster: 'local',
      user: 'user1',
    });
    await cluster.sandbox.settle();
    expect(await keysOnceCollected(cluster, start)).toEqual(
      Object.keys(start).sort(),
    );
  });
});
