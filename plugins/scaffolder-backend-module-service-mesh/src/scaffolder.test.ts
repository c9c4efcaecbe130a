import { kinds } from '@internal/mesh-sandbox';
import {
  startTestCluster,
  stored,
  storedState,
  TestCluster,
} from './__testUtils__/testCluster';
import {
  startScaffolderBackend,
  until,
} from './__testUtils__/scaffolderBackend';

jest.setTimeout(300_000);

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
 * The real scaffolder and catalog, with both service mesh modules, running the
 * repository's templates against a sandbox cluster, as the portal does.
 */
describe('the sockshop templates through the scaffolder', () => {
  let cluster: TestCluster;
  let backend: Awaited<ReturnType<typeof startScaffolderBackend>>;
  let start: Record<string, string>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    start = await storedState(cluster.sandbox);
    backend = await startScaffolderBackend(cluster);
  });
  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
  });

  const runTemplate = (name: string, values: Record<string, unknown>) =>
    backend.runTemplate(name, values);
  const catalogEntity = (ref: string) => backend.catalogEntity(ref);

  const get = (
    group: string,
    plural: string,
    ns: string | undefined,
    name: string,
  ) => stored(cluster.sandbox, group, plural, ns, name);

  it('a dry run of sockshop-service-mesh writes nothing and shows what it would do', async () => {
    const response = await backend.dryRun('sockshop-service-mesh', form);
    expect({ status: response.status, body: response.body }).toMatchObject({
      status: 200,
    });
    const log = response.log;
    expect(log).toContain(
      'ServiceMeshControlPlane user2-istio-system/basic-install: would be created',
    );
    expect(log).toContain('would be created once Deployment front-end exists');
    expect(log).toContain('would be registered once the namespace exists');
    expect(await storedState(cluster.sandbox)).toEqual(start);
    expect(
      await catalogEntity('system:user2-sockshop/sockshop'),
    ).toBeUndefined();
  });

  it('sockshop-service-mesh leaves user2 with the guide done and the SockShop in the catalog', async () => {
    const run = await runTemplate('sockshop-service-mesh', form);
    expect({ status: run.status, log: run.log }).toMatchObject({
      status: 'completed',
    });

    const smcp = await get(
      'maistra.io',
      'servicemeshcontrolplanes',
      'user2-istio-system',
      'basic-install',
    );
    expect(smcp?.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', status: 'True' }),
      ]),
    );
    const roll = await get(
      'maistra.io',
      'servicemeshmemberrolls',
      'user2-istio-system',
      'default',
    );
    expect(roll?.status.configuredMembers).toContain('user2-sockshop');

    const pods = (
      await cluster.sandbox.client.list(kinds.pods, 'user2-sockshop')
    ).items;
    expect(pods.length).toBeGreaterThanOrEqual(14);
    for (const pod of pods) {
      expect({
        pod: pod.metadata.name,
        containers: pod.spec.containers.length,
      }).toEqual({
        pod: pod.metadata.name,
        containers: 2,
      });
    }

    expect(
      await get(
        'networking.istio.io',
        'gateways',
        'user2-sockshop',
        'sockshop-wildcard-gateway',
      ),
    ).toBeDefined();
    const vs = await get(
      'networking.istio.io',
      'virtualservices',
      'user2-sockshop',
      'front-end-virtualservice',
    );
    expect(
      vs?.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight]),
    ).toEqual([
      ['v1', 80],
      ['v2', 20],
    ]);
    const frontEndRule = await get(
      'networking.istio.io',
      'destinationrules',
      'user2-sockshop',
      'front-end',
    );
    expect(frontEndRule?.spec.subsets.map((s: any) => s.name)).toEqual([
      'v1',
      'v2',
    ]);
    const cartsRule = await get(
      'networking.istio.io',
      'destinationrules',
      'user2-sockshop',
      'carts',
    );
    expect(cartsRule?.spec.trafficPolicy.outlierDetection).toMatchObject({
      consecutive5xxErrors: 5,
      baseEjectionTime: '30s',
    });
    const routes = (
      await cluster.sandbox.client.list(kinds.routes, 'user2-istio-system')
    ).items;
    expect(routes.map(r => r.spec.host)).toContain(
      'front-end-user2-sockshop.apps.sandbox.local',
    );
    expect(
      await get('route.openshift.io', 'routes', 'user2-sockshop', 'front-end'),
    ).toBeUndefined();

    expect(run.output.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entityRef: 'system:user2-sockshop/sockshop',
        }),
        expect.objectContaining({
          url: 'http://front-end-user2-sockshop.apps.sandbox.local',
        }),
      ]),
    );
    const system = await catalogEntity('system:user2-sockshop/sockshop');
    expect(system?.spec?.owner).toBe('user:default/guest');
    const frontEnd = await catalogEntity('component:user2-sockshop/front-end');
    expect(frontEnd?.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-namespace': 'user2-sockshop',
      'backstage.io/kubernetes-label-selector': 'app=front-end',
    });
  });

  it('a second run reports every object unchanged', async () => {
    const before = await storedState(cluster.sandbox);
    const run = await runTemplate('sockshop-service-mesh', form);
    expect(run.status).toBe('completed');
    const applied = run.log
      .split('\n')
      .filter(l => /: (created|configured|unchanged|registered)$/.test(l));
    expect(applied.length).toBeGreaterThan(15);
    expect(applied.filter(l => !l.endsWith(': unchanged'))).toEqual([]);
    expect(await storedState(cluster.sandbox)).toEqual(before);
  });

  it('sockshop-traffic-shift sets the weights of the system it is given', async () => {
    const run = await runTemplate('sockshop-traffic-shift', {
      system: 'system:user2-sockshop/sockshop',
      cluster: 'elsewhere',
      v2Weight: 50,
    });
    expect({ status: run.status, log: run.log }).toMatchObject({
      status: 'completed',
    });
    const vs = await get(
      'networking.istio.io',
      'virtualservices',
      'user2-sockshop',
      'front-end-virtualservice',
    );
    expect(vs?.spec.http[0].route.map((r: any) => r.weight)).toEqual([50, 50]);
  });

  it('sockshop-mesh-teardown returns the cluster and the catalog to the start', async () => {
    const run = await runTemplate('sockshop-mesh-teardown', {
      userId: 'user2',
      cluster: 'local',
    });
    expect({ status: run.status, log: run.log }).toMatchObject({
      status: 'completed',
    });
    await cluster.sandbox.settle();
    expect(Object.keys(await storedState(cluster.sandbox)).sort()).toEqual(
      Object.keys(start).sort(),
    );
    await until(
      async () => !(await catalogEntity('component:user2-sockshop/front-end')),
      'the components to leave the catalog',
    );
    expect(
      await catalogEntity('system:user2-sockshop/sockshop'),
    ).toBeUndefined();
  });
});
