import { kinds } from '../client/kinds';
import { Sandbox, startSandbox } from '../sandbox';
import { K8sObject } from '../k8s/types';
import { eventually } from '../__testUtils__/eventually';
import { getJson, sandboxRequest } from './__testUtils__/https';
import {
  APPS_DOMAIN,
  CONTROL_PLANE,
  FRONT_END_HOST,
  SOCKSHOP,
  createAll,
  untilRolledOut,
  makeUnready,
  meshedCanary,
  memberPolicies,
  namespace,
  podNameOf,
  route,
  service,
  workload,
} from './__testUtils__/meshObjects';
import { RESPONSE_CODE_ANNOTATION } from './hop';
import { MeshTraffic } from './meshTraffic';

const probe = (sandbox: Sandbox, path = '/') =>
  getJson(sandbox, `/_sandbox/routes/${FRONT_END_HOST}${path}`);

/** A sandbox with only the traffic model, once every Deployment of `objects` has rolled out. */
async function sandboxWith(objects: K8sObject[]): Promise<Sandbox> {
  const sandbox = await startSandbox({
    appsDomain: APPS_DOMAIN,
    controllers: [new MeshTraffic({ generateLoad: false }).controller()],
    seed: context => createAll(context, objects),
  });
  await untilRolledOut(sandbox);
  return sandbox;
}

describe('route probe before and after joining the mesh', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await sandboxWith([
      namespace(SOCKSHOP),
      ...['front-end', 'carts', 'carts-db'].map(app => service(app)),
      workload({ app: 'front-end' }),
      workload({ app: 'carts-db' }),
      workload({ app: 'carts' }),
      route('front-end', SOCKSHOP, FRONT_END_HOST, 'front-end'),
    ]);
    // carts runs, but its readiness probe fails.
    await makeUnready(sandbox, SOCKSHOP, 'name=carts');
  });
  afterAll(() => sandbox.stop());

  it('needs a sandbox token', async () => {
    const response = await sandboxRequest(
      sandbox,
      `/_sandbox/routes/${FRONT_END_HOST}/`,
    );
    expect(response.status).toBe(401);
  });

  it('reaches front-end straight through the old Route', async () => {
    const result = await probe(sandbox);
    expect(result).toMatchObject({
      status: 200,
      workload: 'front-end',
      version: 'v1',
      pod: expect.stringMatching(podNameOf('front-end')),
    });
    expect(result.path).toEqual([
      expect.objectContaining({
        from: 'openshift-router',
        via: 'router',
        to: 'front-end',
      }),
    ]);
  });

  it('waits for a timeout when carts has no ready pod and nothing has a sidecar', async () => {
    const result = await eventually(async () => {
      const answer = await probe(sandbox, '/cart');
      expect(answer.status).toBe(504);
      return answer;
    });
    expect(result.responseFlags).toBe('-');
    expect(result.durationMs).toBeGreaterThanOrEqual(30_000);
    expect(result.reason).toMatch(/no ready endpoints and no sidecar/);
  });

  it('is blocked once the namespace is a member with the istio-mesh policy', async () => {
    await sandbox.client.mergePatch(kinds.namespaces, undefined, SOCKSHOP, {
      metadata: { labels: { 'maistra.io/member-of': CONTROL_PLANE } },
    });
    await createAll(sandbox, memberPolicies(SOCKSHOP, CONTROL_PLANE) as any);
    const result = await eventually(async () => {
      const answer = await probe(sandbox);
      expect(answer.status).toBe(503);
      return answer;
    });
    expect(result.workload).toBeNull();
    expect(result.reason).toMatch(/istio-mesh/);

    // A pod labelled for exposure is reachable again (istio-expose-route).
    const [frontEnd] = (
      await sandbox.client.list(kinds.pods, SOCKSHOP, {
        labelSelector: 'name=front-end',
      })
    ).items;
    await sandbox.client.mergePatch(
      kinds.pods,
      SOCKSHOP,
      frontEnd.metadata.name!,
      { metadata: { labels: { 'maistra.io/expose-route': 'true' } } },
    );
    await eventually(async () =>
      expect((await probe(sandbox)).status).toBe(200),
    );
  });
});

describe('route probe through the ingress gateway', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await sandboxWith([
      ...meshedCanary(),
      // A second carts whose pod answers 503 to everything.
      workload({
        app: 'carts',
        workload: 'carts-faulty',
        annotations: { [RESPONSE_CODE_ANNOTATION]: '503' },
        meshed: true,
      }),
    ]);
  });
  afterAll(() => sandbox.stop());

  it('serves the gateway Route through Gateway and VirtualService', async () => {
    const result = await probe(sandbox, '/catalogue');
    expect(result.status).toBe(200);
    expect(result.workload).toMatch(/^front-end/);
    expect(result.path.map((h: any) => [h.from, h.to, h.via])).toEqual([
      ['openshift-router', 'istio-ingressgateway', 'router'],
      ['istio-ingressgateway', 'front-end', 'envoy'],
      [result.workload, 'catalogue', 'envoy'],
      ['catalogue', 'catalogue-db', 'envoy'],
    ]);
  });

  it('splits 100 requests 80/20 as the canary VirtualService weighs them', async () => {
    const versions: Record<string, number> = {};
    for (let i = 0; i < 100; i++) {
      const { version } = await probe(sandbox);
      versions[version] = (versions[version] ?? 0) + 1;
    }
    expect(versions.v1).toBeGreaterThanOrEqual(79);
    expect(versions.v1).toBeLessThanOrEqual(81);
    expect(versions.v1 + versions.v2).toBe(100);
  });

  it('lets a failing carts endpoint answer until outlierDetection ejects it', async () => {
    const statuses = async () => {
      const seen = new Set<number>();
      for (let i = 0; i < 6; i++)
        seen.add((await probe(sandbox, '/cart')).status);
      return [...seen].sort();
    };
    expect(await statuses()).toEqual([200, 503]);
    await sandbox.client.create(kinds.destinationRules, {
      metadata: { name: 'carts', namespace: SOCKSHOP },
      spec: {
        host: 'carts',
        trafficPolicy: {
          outlierDetection: {
            consecutive5xxErrors: 1,
            interval: '1s',
            baseEjectionTime: '30s',
            maxEjectionPercent: 100,
          },
        },
      },
    });
    await eventually(async () => expect(await statuses()).toEqual([200]));
  });

  it('fails fast with 503 UH when carts has no ready pod behind the sidecar', async () => {
    await makeUnready(sandbox, SOCKSHOP, 'name=carts');
    const result = await eventually(async () => {
      const answer = await probe(sandbox, '/cart');
      expect(answer.responseFlags).toBe('UH');
      return answer;
    });
    expect(result.status).toBe(503);
    expect(result.responseFlags).toBe('UH');
    expect(result.durationMs).toBeLessThan(1_000);
    expect(result.path.at(-1)).toMatchObject({
      to: 'carts',
      pod: null,
      responseFlags: 'UH',
    });
  });
});
