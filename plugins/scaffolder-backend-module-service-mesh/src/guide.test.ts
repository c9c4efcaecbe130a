import { kinds } from '@internal/mesh-sandbox';
import { APPS_DOMAIN, runGuide } from './__testUtils__/guide';
import { runAction } from './__testUtils__/runAction';
import {
  TestCluster,
  startTestCluster,
  stored,
  storedState,
} from './__testUtils__/testCluster';
import { createTeardownAction } from './actions/teardown';

/** The whole sockshop-service-mesh template's steps against the sandbox, for a fresh user. */
describe('the guide, step by step', () => {
  let cluster: TestCluster;
  let start: Record<string, string>;

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
    const log = await runGuide(cluster.config, { dryRun: true });
    expect(await storedState(cluster.sandbox)).toEqual(start);
    expect(log).toContain(
      'ServiceMeshControlPlane user1-istio-system/basic-install: would be created',
    );
    expect(log).toContain(
      'would be created (its namespace is created by this run)',
    );
  });

  it('leaves the cluster as the guide shows it', async () => {
    await runGuide(cluster.config);
    await cluster.sandbox.settle();
    const smcp = await get(
      'maistra.io',
      'servicemeshcontrolplanes',
      'user1-istio-system',
      'basic-install',
    );
    expect(smcp?.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'True' }),
    );
    const roll = await get(
      'maistra.io',
      'servicemeshmemberrolls',
      'user1-istio-system',
      'default',
    );
    expect(roll?.status?.configuredMembers).toEqual(['user1-sockshop']);

    const pods = (
      await cluster.sandbox.client.list(kinds.pods, 'user1-sockshop')
    ).items;
    expect(pods.length).toBeGreaterThanOrEqual(14);
    for (const pod of pods) {
      expect({
        pod: pod.metadata.name,
        containers: pod.status?.containerStatuses?.filter((c: any) => c.ready)
          .length,
      }).toEqual({ pod: pod.metadata.name, containers: 2 });
    }

    expect(
      (
        await get(
          'networking.istio.io',
          'gateways',
          'user1-sockshop',
          'sockshop-wildcard-gateway',
        )
      )?.spec.servers[0].hosts,
    ).toEqual([`*.${APPS_DOMAIN}`]);
    const vs = await get(
      'networking.istio.io',
      'virtualservices',
      'user1-sockshop',
      'front-end-virtualservice',
    );
    expect(vs?.spec.hosts).toEqual([`front-end-user1-sockshop.${APPS_DOMAIN}`]);
    expect(
      vs?.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight]),
    ).toEqual([
      ['v1', 80],
      ['v2', 20],
    ]);
    expect(
      (
        await get(
          'networking.istio.io',
          'destinationrules',
          'user1-sockshop',
          'front-end',
        )
      )?.spec.subsets.map((s: any) => s.name),
    ).toEqual(['v1', 'v2']);
    expect(
      (
        await get(
          'networking.istio.io',
          'destinationrules',
          'user1-sockshop',
          'carts',
        )
      )?.spec.trafficPolicy.outlierDetection,
    ).toMatchObject({ consecutive5xxErrors: 5 });
    expect(
      await get('route.openshift.io', 'routes', 'user1-sockshop', 'front-end'),
    ).toBeUndefined();
    expect(
      (
        await get(
          'route.openshift.io',
          'routes',
          'user1-istio-system',
          'front-end-service-gateway',
        )
      )?.spec,
    ).toMatchObject({
      to: { name: 'istio-ingressgateway' },
      port: { targetPort: 8080 },
    });
  });

  it('changes nothing on a second run and says so per object', async () => {
    const before = await storedState(cluster.sandbox);
    const log = await runGuide(cluster.config);
    const applied = log
      .split('\n')
      .filter(l => /: (created|configured|unchanged)/.test(l));
    expect(applied.length).toBeGreaterThan(15);
    expect(applied.filter(l => !l.endsWith(': unchanged'))).toEqual([]);
    expect(await storedState(cluster.sandbox)).toEqual(before);
  });

  it('returns the namespaces to the start on teardown', async () => {
    const teardown = createTeardownAction(cluster);
    const dry = await storedState(cluster.sandbox);
    await runAction(
      teardown,
      { cluster: 'local', user: 'user1' },
      { dryRun: true },
    );
    expect(await storedState(cluster.sandbox)).toEqual(dry);

    await runAction(teardown, { cluster: 'local', user: 'user1' });
    await cluster.sandbox.settle();
    expect(
      await get('', 'namespaces', undefined, 'user1-istio-system'),
    ).toBeUndefined();
    expect(
      (await get('route.openshift.io', 'routes', 'user1-sockshop', 'front-end'))
        ?.spec.to.name,
    ).toBe('front-end');
    expect(
      await get('apps', 'deployments', 'user1-sockshop', 'front-end-v2'),
    ).toBeUndefined();
    const frontEnd = await get(
      'apps',
      'deployments',
      'user1-sockshop',
      'front-end',
    );
    expect(
      frontEnd?.spec.template.metadata.annotations?.['sidecar.istio.io/inject'],
    ).toBeUndefined();
    expect(
      frontEnd?.metadata.labels?.['servicemesh.backstage.io/managed-by'],
    ).toBeUndefined();
    expect(
      (await get('', 'namespaces', undefined, 'user1-sockshop'))?.metadata
        .labels?.['maistra.io/member-of'],
    ).toBeUndefined();
    expect(Object.keys(await storedState(cluster.sandbox)).sort()).toEqual(
      Object.keys(start).sort(),
    );
  });
});
