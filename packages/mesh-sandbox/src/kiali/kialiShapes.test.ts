import { eventually } from '../__testUtils__/eventually';
import { Sandbox, startSandbox } from '../sandbox';
import { sandboxRequest } from '../traffic/__testUtils__/https';
import {
  APPS_DOMAIN,
  CONTROL_PLANE,
  SOCKSHOP,
  createAll,
  meshedCanary,
  service,
} from '../traffic/__testUtils__/meshObjects';
import { MeshTraffic } from '../traffic/meshTraffic';
import { kialiFixture } from '@service-mesh/plugin-service-mesh-common/testUtils';
import { kialiController } from './kialiController';
import { KialiOptions } from './kialiMode';

const RATE = 'health.kiali.io/rate';

async function kialiSandbox(kiali: Omit<KialiOptions, 'telemetry'>) {
  const traffic = new MeshTraffic({ generateLoad: false });
  const sandbox = await startSandbox({
    appsDomain: APPS_DOMAIN,
    trafficRps: 10,
    controllers: [
      traffic.controller(),
      kialiController({ ...kiali, telemetry: traffic.telemetry }),
    ],
    seed: context =>
      createAll(context, [
        ...meshedCanary(),
        // a Service whose selector matches no pod
        service('orphan', SOCKSHOP, { name: 'nothing' }),
        {
          ...service('annotated', SOCKSHOP, { name: 'nothing' }),
          metadata: {
            name: 'annotated',
            namespace: SOCKSHOP,
            annotations: { [RATE]: '4XX,30,40,http,inbound', team: 'shop' },
          },
        },
      ]),
  });
  traffic.advance(60);
  return sandbox;
}

const keysOf = (item: object) => Object.keys(item).sort();
/** Kiali omits istioInjectionAnnotation unless the template sets sidecar.istio.io/inject. */
const withoutOptional = (keys: string[]) =>
  keys.filter(k => k !== 'istioInjectionAnnotation');

describe('the sandbox Kiali 1.73 compared with recorded real Kiali answers', () => {
  let sandbox: Sandbox;
  const getJson = async (path: string) => {
    const response = await sandboxRequest(sandbox, `/kiali${path}`, {
      token: sandbox.tokens.read,
    });
    expect(response.status).toBe(200);
    return response.json();
  };
  beforeAll(async () => {
    sandbox = await kialiSandbox({});
  });
  afterAll(() => sandbox.stop());

  it('lists workloads and services with the keys of the recorded ≤1.86 lists, and their validations filled', async () => {
    const recordedWorkloads = kialiFixture(
      'cp/kiali-dev/bookinfo/workloads.istioAmbient.json',
    );
    const recordedServices = kialiFixture(
      'cp/kiali-dev/bookinfo/services.json',
    );
    const workloads = await getJson(`/api/namespaces/${SOCKSHOP}/workloads`);
    const services = await getJson(`/api/namespaces/${SOCKSHOP}/services`);
    for (const item of workloads.workloads)
      expect(withoutOptional(keysOf(item))).toEqual(
        keysOf(recordedWorkloads.workloads[0]),
      );
    for (const item of services.services)
      expect(keysOf(item)).toEqual(keysOf(recordedServices.services[0]));
    // like the recorded lists: one entry per listed object
    const recordedEntry =
      recordedWorkloads.validations.workload['details-v1.bookinfo'];
    expect(workloads.validations.workload[`front-end.${SOCKSHOP}`]).toEqual({
      ...recordedEntry,
      name: 'front-end',
    });
    expect(Object.keys(workloads.validations.workload)).toHaveLength(
      workloads.workloads.length,
    );
    expect(services.validations.service[`carts.${SOCKSHOP}`]).toEqual({
      ...recordedServices.validations.service['details.bookinfo'],
      name: 'carts',
    });
  });

  it('summarises validations per cluster and namespace like the recorded 1.x answer', async () => {
    const recorded = kialiFixture('cp/kiali-dev/general/istioValidations.json');
    const summary = await getJson(
      `/api/istio/validations?namespaces=${SOCKSHOP}`,
    );
    expect(Object.keys(summary)).toEqual(Object.keys(recorded));
    expect(keysOf(summary.Kubernetes[SOCKSHOP])).toEqual(
      keysOf(recorded.Kubernetes.bookinfo),
    );
  });

  it('answers app, service and workload health in the shapes of the recorded answers', async () => {
    for (const type of ['app', 'service', 'workload']) {
      const recorded = kialiFixture(
        `cp/kiali-dev/bookinfo/health/${type}.json`,
      );
      const health = await getJson(
        `/api/namespaces/${SOCKSHOP}/health?type=${type}`,
      );
      const [ours, theirs] = [health, recorded].map(
        answer => Object.values(answer)[0] as any,
      );
      expect(keysOf(ours)).toEqual(keysOf(theirs));
      expect(keysOf(ours.requests)).toEqual(keysOf(theirs.requests));
      // app health lists its workloads' statuses, workload health has one, service health none
      const statusOf = (answer: any) =>
        answer.workloadStatus ?? answer.workloadStatuses?.[0] ?? {};
      expect(keysOf(statusOf(ours))).toEqual(keysOf(statusOf(theirs)));
    }
  });

  it('says a gateway has no sidecar and no synced proxies, as the recorded istio-system does', async () => {
    const recorded = kialiFixture(
      'cp/kiali-dev/istio-system/workloads.excerpt.json',
    ).workloads.find((w: any) => w.name === 'istio-ingressgateway');
    // without pods in Kiali's cache yet, Kiali cannot prove a missing sidecar
    await eventually(async () => {
      const list = await getJson(`/api/namespaces/${CONTROL_PLANE}/workloads`);
      const gateway = list.workloads.find(
        (w: any) => w.name === 'istio-ingressgateway',
      );
      expect(gateway.istioSidecar).toBe(recorded.istioSidecar);
      expect(gateway.health.workloadStatus.syncedProxies).toBe(
        recorded.health.workloadStatus.syncedProxies,
      );
    });
    const health = await getJson(
      `/api/namespaces/${CONTROL_PLANE}/health?type=workload`,
    );
    expect(health['istio-ingressgateway'].workloadStatus.syncedProxies).toBe(
      -1,
    );
  });

  it('does not say a service without pods has a sidecar', async () => {
    // carts' pods reach Kiali's cache with their sidecar once kwok has run them
    await eventually(async () => {
      const list = await getJson(`/api/namespaces/${SOCKSHOP}/services`);
      const byName = Object.fromEntries(
        list.services.map((s: any) => [s.name, s]),
      );
      expect(byName.orphan.istioSidecar).toBe(false);
      expect(byName.carts.istioSidecar).toBe(true);
    });
  });

  it('hands a service’s health.kiali.io/rate annotation to its health, as Kiali does', async () => {
    const health = await getJson(
      `/api/namespaces/${SOCKSHOP}/health?type=service`,
    );
    expect(health.annotated.requests.healthAnnotations).toEqual({
      [RATE]: '4XX,30,40,http,inbound',
    });
    expect(health.carts.requests.healthAnnotations).toEqual({});
    const list = await getJson(`/api/namespaces/${SOCKSHOP}/services`);
    expect(
      list.services.find((s: any) => s.name === 'annotated').healthAnnotations,
    ).toEqual({ [RATE]: '4XX,30,40,http,inbound' });
  });

  it('answers /api to anyone but /api/status and /api/config only with credentials', async () => {
    expect((await sandboxRequest(sandbox, '/kiali/api')).status).toBe(200);
    for (const path of ['/kiali/api/status', '/kiali/api/config'])
      expect((await sandboxRequest(sandbox, path)).status).toBe(401);
    const config = await getJson('/api/config');
    expect(Object.keys(config.clusters)).toEqual(['Kubernetes']);
    expect(
      config.healthConfig.rate[0].tolerance.map((t: any) => t.code),
    ).toEqual(['5XX', '4XX', '^[1-9]$|^1[0-6]$', '^-$']);
  });
});

describe('the sandbox Kiali’s workload lists per version', () => {
  const listOf = async (version: string) => {
    const sandbox = await kialiSandbox({ version });
    try {
      const response = await sandboxRequest(
        sandbox,
        `/kiali/api/clusters/workloads?namespaces=${SOCKSHOP}`,
        { token: sandbox.tokens.read },
      );
      expect(response.status).toBe(200);
      return response.json();
    } finally {
      await sandbox.stop();
    }
  };

  it('uses the recorded 1.87+ keys (isAmbient, type) up to 2.10', async () => {
    const recorded = kialiFixture('cp/kiali-dev/bookinfo/workloads.json');
    for (const version of ['v1.89.0', 'v2.4.5']) {
      const list = await listOf(version);
      for (const item of list.workloads)
        expect(withoutOptional(keysOf(item))).toEqual(
          keysOf(recorded.workloads[0]),
        );
    }
  });

  it('names the GVK and the gateway, waypoint and ztunnel flags from 2.11', async () => {
    const list = await listOf('v2.11.0');
    expect(
      list.workloads.find((w: any) => w.name === 'front-end'),
    ).toMatchObject({
      namespace: SOCKSHOP,
      gvk: { Group: 'apps', Version: 'v1', Kind: 'Deployment' },
      isGateway: false,
      isWaypoint: false,
      isZtunnel: false,
    });
  });
});

describe('the sandbox Kiali 2.4 with the token strategy', () => {
  let sandbox: Sandbox;
  const login = () =>
    sandboxRequest(sandbox, '/kiali/api/authenticate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: sandbox.tokens.read }).toString(),
    });
  beforeAll(async () => {
    sandbox = await kialiSandbox({
      version: 'v2.4.5',
      strategy: 'token',
      sessionCookieChunkSize: 40,
    });
  });
  afterAll(() => sandbox.stop());

  it('splits a long session over cookie chunks and accepts it only whole', async () => {
    const response = await login();
    expect(response.status).toBe(200);
    const cookies = (response.headers['set-cookie'] as string[]).map(
      c => c.split(';')[0],
    );
    const names = cookies.map(c => c.split('=')[0]);
    expect(names[0]).toBe('kiali-token-Kubernetes');
    expect(names).toContain('kiali-token-Kubernetes-1');
    expect(names[names.length - 1]).toBe('kiali-token-chunks-Kubernetes');
    expect(cookies[cookies.length - 1]).toBe(
      `kiali-token-chunks-Kubernetes=${cookies.length - 1}`,
    );
    const get = (cookie: string) =>
      sandboxRequest(sandbox, `/kiali/api/namespaces/${SOCKSHOP}/istio`, {
        headers: { Cookie: cookie },
      });
    const whole = await get(cookies.join('; '));
    expect(whole.status).toBe(200);
    const partial = await get(
      cookies
        .filter(c => !c.startsWith('kiali-token-Kubernetes-1='))
        .join('; '),
    );
    expect(partial.status).toBe(401);
  });

  it('serves the namespace’s Istio config on /api/namespaces/{ns}/istio, by GVK', async () => {
    const cookie = ((await login()).headers['set-cookie'] as string[])
      .map(c => c.split(';')[0])
      .join('; ');
    const response = await sandboxRequest(
      sandbox,
      `/kiali/api/namespaces/${SOCKSHOP}/istio`,
      { headers: { Cookie: cookie } },
    );
    expect(response.status).toBe(200);
    const body = response.json();
    const vsKey = 'networking.istio.io/v1beta1, Kind=VirtualService';
    expect(body.resources[vsKey].map((vs: any) => vs.metadata.name)).toEqual([
      'front-end-virtualservice',
    ]);
    expect(Object.keys(body.validations[vsKey])).toEqual([
      `front-end-virtualservice.${SOCKSHOP}`,
    ]);
  });
});
