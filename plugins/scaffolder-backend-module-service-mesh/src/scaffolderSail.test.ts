import { kinds } from '@internal/mesh-sandbox';
import {
  startScaffolderBackend,
  until,
} from './__testUtils__/scaffolderBackend';
import {
  startTestCluster,
  stored,
  storedState,
  TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(300_000);

const sailForm = (userId: string, dataplane: 'sidecar' | 'ambient') => ({
  userId,
  cluster: 'local',
  appsDomain: 'apps.sandbox.local',
  deploySockshop: true,
  flavour: 'sail',
  dataplane,
  istioVersion: 'v1.30.3',
  updateStrategy: 'InPlace',
  istioCni: true,
  injection: 'revision',
  canary: true,
  canaryImage: 'mosuke5/front-end:master-49c0d1f',
  v2Weight: 20,
  circuitBreaker: true,
  circuitBreakerService: 'carts',
  consecutive5xxErrors: 5,
  baseEjectionTime: '30s',
});

/** The run completed; else its log is the failure. */
function expectCompleted(run: { status: string; log: string }) {
  if (run.status !== 'completed')
    throw new Error(`the task ${run.status}:\n${run.log}`);
}

const condition = (object: any, type: string) =>
  object?.status?.conditions?.find((c: any) => c.type === type)?.status;

/**
 * The sockshop-service-mesh template the OSSM 3 way (Sail operator, Gateway
 * API), sidecars and ambient, for fresh users, through the real scaffolder
 * and catalog against a sandbox cluster; then a re-run and the teardown.
 */
describe('the sockshop templates through the scaffolder, OSSM 3', () => {
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

  const get = (
    group: string,
    plural: string,
    ns: string | undefined,
    name: string,
  ) => stored(cluster.sandbox, group, plural, ns, name);

  async function expectIngressAndCanary(user: string) {
    const app = `${user}-sockshop`;
    const gateway = await get(
      'gateway.networking.k8s.io',
      'gateways',
      app,
      'front-end-gateway',
    );
    expect(gateway?.spec.gatewayClassName).toBe('istio');
    expect(condition(gateway, 'Programmed')).toBe('True');
    const route = await get(
      'gateway.networking.k8s.io',
      'httproutes',
      app,
      'front-end',
    );
    expect(route?.spec.hostnames).toEqual([
      `front-end-${app}.apps.sandbox.local`,
    ]);
    expect(
      route?.spec.rules[0].backendRefs.map((r: any) => [r.name, r.weight]),
    ).toEqual([
      ['front-end-v1', 80],
      ['front-end-v2', 20],
    ]);
    for (const version of ['v1', 'v2']) {
      const service = await get('', 'services', app, `front-end-${version}`);
      expect(service?.spec.selector).toEqual({ name: 'front-end', version });
    }
    const openShiftRoute = await get(
      'route.openshift.io',
      'routes',
      app,
      'front-end',
    );
    expect(openShiftRoute?.spec.to.name).toBe('front-end-gateway-istio');
    const carts = await get(
      'networking.istio.io',
      'destinationrules',
      app,
      'carts',
    );
    expect(carts?.spec.trafficPolicy.outlierDetection).toMatchObject({
      consecutive5xxErrors: 5,
      baseEjectionTime: '30s',
    });
  }

  /** Runs the template again: what it logged as applied, and what is stored before and after. */
  async function rerun(form: Record<string, unknown>) {
    const before = await storedState(cluster.sandbox);
    const run = await backend.runTemplate('sockshop-service-mesh', form);
    expectCompleted(run);
    const applied = run.log
      .split('\n')
      .filter(l => /: (created|configured|unchanged|registered)$/.test(l));
    expect(applied.length).toBeGreaterThan(15);
    expect(applied.filter(l => !l.endsWith(': unchanged'))).toEqual([]);
    return { before, stored: await storedState(cluster.sandbox) };
  }

  /** Runs the teardown template: the keys of what is stored then, and at the start. */
  async function teardown(user: string) {
    const run = await backend.runTemplate('sockshop-mesh-teardown', {
      userId: user,
      cluster: 'local',
    });
    expectCompleted(run);
    await cluster.sandbox.settle();
    await until(
      async () =>
        !(await backend.catalogEntity(`component:${user}-sockshop/front-end`)),
      'the components to leave the catalog',
    );
    return {
      left: Object.keys(await storedState(cluster.sandbox)).sort(),
      start: Object.keys(start).sort(),
    };
  }

  it('a dry run writes nothing and shows the Istio it would make', async () => {
    const response = await backend.dryRun(
      'sockshop-service-mesh',
      sailForm('user3', 'sidecar'),
    );
    expect({ status: response.status, log: response.log }).toMatchObject({
      status: 200,
    });
    expect(response.log).toContain('Istio user3: would be created');
    expect(response.log).not.toContain('ServiceMeshControlPlane');
    expect(response.log).toContain('would be made once Deployment');
    expect(await storedState(cluster.sandbox)).toEqual(start);
  });

  describe('sidecars', () => {
    const form = sailForm('user3', 'sidecar');

    it('leaves user3 in an Istio of their own, with sidecars, the Gateway API ingress and the canary', async () => {
      const run = await backend.runTemplate('sockshop-service-mesh', form);
      expectCompleted(run);
      const istio = await get('sailoperator.io', 'istios', undefined, 'user3');
      expect(istio?.spec).toMatchObject({
        namespace: 'user3-istio-system',
        version: 'v1.30.3',
        updateStrategy: { type: 'InPlace' },
        values: {
          meshConfig: {
            discoverySelectors: [
              { matchLabels: { 'istio-discovery': 'user3' } },
            ],
          },
        },
      });
      expect(istio?.status.state).toBe('Healthy');
      const cni = await get(
        'sailoperator.io',
        'istiocnis',
        undefined,
        'default',
      );
      expect(condition(cni, 'Ready')).toBe('True');
      const namespace = await get(
        '',
        'namespaces',
        undefined,
        'user3-sockshop',
      );
      expect(namespace?.metadata.labels).toMatchObject({
        'istio-discovery': 'user3',
        'istio.io/rev': 'user3',
      });
      expect(
        await get(
          'maistra.io',
          'servicemeshmemberrolls',
          'user3-istio-system',
          'default',
        ),
      ).toBeUndefined();
      const pods = (
        await cluster.sandbox.client.list(kinds.pods, 'user3-sockshop')
      ).items.filter(
        p => !p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'],
      );
      expect(pods.length).toBeGreaterThanOrEqual(14);
      for (const pod of pods) {
        expect({
          pod: pod.metadata.name,
          containers: pod.spec.containers
            .map((c: any) => c.name)
            .includes('istio-proxy'),
        }).toEqual({ pod: pod.metadata.name, containers: true });
      }
      await expectIngressAndCanary('user3');
      expect(run.output.links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            url: 'http://front-end-user3-sockshop.apps.sandbox.local',
          }),
          expect.objectContaining({
            entityRef: 'system:user3-sockshop/sockshop',
          }),
        ]),
      );
    });

    it('a second run changes nothing', async () => {
      const { stored: after, before } = await rerun(form);
      expect(after).toEqual(before);
    });

    it('sockshop-traffic-shift sets the weights on the HTTPRoute of an OSSM 3 system', async () => {
      const run = await backend.runTemplate('sockshop-traffic-shift', {
        system: 'system:user3-sockshop/sockshop',
        cluster: 'local',
        routing: 'HTTPRoute',
        v2Weight: 50,
      });
      expectCompleted(run);
      const route = await get(
        'gateway.networking.k8s.io',
        'httproutes',
        'user3-sockshop',
        'front-end',
      );
      expect(
        route?.spec.rules[0].backendRefs.map((r: any) => [r.name, r.weight]),
      ).toEqual([
        ['front-end-v1', 50],
        ['front-end-v2', 50],
      ]);
    });

    it('sockshop-mesh-teardown returns the cluster to the start', async () => {
      const { left, start: atStart } = await teardown('user3');
      expect(left).toEqual(atStart);
    });
  });

  describe('ambient', () => {
    const form = sailForm('user4', 'ambient');

    it('leaves user4 in the ambient data plane: ztunnel, no sidecars, a waypoint for L7', async () => {
      const run = await backend.runTemplate('sockshop-service-mesh', form);
      expectCompleted(run);
      const istio = await get('sailoperator.io', 'istios', undefined, 'user4');
      expect(istio?.spec.profile).toBe('openshift-ambient');
      expect(istio?.status.state).toBe('Healthy');
      for (const plural of ['ztunnels', 'istiocnis']) {
        const agent = await get(
          'sailoperator.io',
          plural,
          undefined,
          'default',
        );
        expect({ plural, ready: condition(agent, 'Ready') }).toEqual({
          plural,
          ready: 'True',
        });
      }
      const namespace = await get(
        '',
        'namespaces',
        undefined,
        'user4-sockshop',
      );
      expect(namespace?.metadata.labels).toMatchObject({
        'istio-discovery': 'user4',
        'istio.io/dataplane-mode': 'ambient',
        'istio.io/use-waypoint': 'waypoint',
      });
      expect(namespace?.metadata.labels).not.toHaveProperty('istio.io/rev');
      const waypoint = await get(
        'gateway.networking.k8s.io',
        'gateways',
        'user4-sockshop',
        'waypoint',
      );
      expect(waypoint?.spec.gatewayClassName).toBe('istio-waypoint');
      expect(condition(waypoint, 'Programmed')).toBe('True');
      const pods = (
        await cluster.sandbox.client.list(kinds.pods, 'user4-sockshop')
      ).items;
      expect(
        pods
          .filter(
            p =>
              p.spec.containers.some((c: any) => c.name === 'istio-proxy') &&
              !p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'],
          )
          .map(p => p.metadata.name),
      ).toEqual([]);
      await expectIngressAndCanary('user4');
    });

    it('a second run changes nothing', async () => {
      const { stored: after, before } = await rerun(form);
      expect(after).toEqual(before);
    });

    it('sockshop-mesh-teardown returns the cluster to the start, node agents included', async () => {
      const { left, start: atStart } = await teardown('user4');
      expect(left).toEqual(atStart);
      expect(
        await get('sailoperator.io', 'ztunnels', undefined, 'default'),
      ).toBeUndefined();
    });
  });
});
