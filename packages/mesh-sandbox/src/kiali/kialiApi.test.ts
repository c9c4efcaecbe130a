import { kinds } from '../client/kinds';
import { Sandbox, startSandbox } from '../sandbox';
import { eventually } from '../__testUtils__/eventually';
import { sandboxRequest } from '../traffic/__testUtils__/https';
import {
  APPS_DOMAIN,
  CONTROL_PLANE,
  SOCKSHOP,
  createAll,
  meshedCanary,
  service,
  untilRolledOut,
  workload,
} from '../traffic/__testUtils__/meshObjects';
import { MeshTraffic } from '../traffic/meshTraffic';
import { kialiController } from './kialiController';
import { KialiOptions } from './kialiMode';

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
        service('legacy'),
        workload({ app: 'legacy' }),
      ]),
  });
  await untilRolledOut(sandbox);
  traffic.advance(60);
  return sandbox;
}

describe('Kiali 1.73 API with the openshift strategy', () => {
  let sandbox: Sandbox;
  const get = (path: string, token = sandbox.tokens.read) =>
    sandboxRequest(sandbox, `/kiali${path}`, { token });
  const getJson = async (path: string) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    return response.json();
  };
  beforeAll(async () => {
    sandbox = await kialiSandbox({});
  });
  afterAll(() => sandbox.stop());

  it('needs a sandbox Bearer token on every request', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const response = await sandboxRequest(sandbox, '/kiali/api/namespaces', {
        token,
      });
      expect(response.status).toBe(401);
      expect(response.text).toBe('Unauthorized\n');
    }
    const namespaces = await getJson('/api/namespaces');
    const names: string[] = namespaces.map((n: any) => n.name);
    expect(names).toEqual(expect.arrayContaining([SOCKSHOP, CONTROL_PLANE]));
    // Kiali's default exclusions hide the real cluster's own namespaces.
    expect(names.filter(name => name.startsWith('kube-'))).toEqual([]);
    expect(names).toContain('default');
    expect(namespaces.find((n: any) => n.name === SOCKSHOP)).toMatchObject({
      cluster: 'Kubernetes',
      isAmbient: false,
    });
  });

  it('tells its version and login strategy', async () => {
    const status = await getJson('/api/status');
    expect(status.status['Kiali version']).toBe('v1.73.22');
    const info = (await sandboxRequest(sandbox, '/kiali/api/auth/info')).json();
    expect(info.strategy).toBe('openshift');
  });

  it('lists workloads with istioSidecar, labels and health', async () => {
    const list = await getJson(`/api/namespaces/${SOCKSHOP}/workloads`);
    const byName = Object.fromEntries(
      list.workloads.map((w: any) => [w.name, w]),
    );
    expect(byName['front-end-v2']).toMatchObject({
      type: 'Deployment',
      istioSidecar: true,
      appLabel: true,
      versionLabel: true,
      podCount: 1,
      labels: expect.objectContaining({ app: 'front-end', version: 'v2' }),
      health: {
        workloadStatus: {
          name: 'front-end-v2',
          desiredReplicas: 1,
          availableReplicas: 1,
          syncedProxies: 1,
        },
        requests: { inbound: { http: { '200': 2 } } },
      },
    });
    expect(byName.legacy.istioSidecar).toBe(false);
    expect(byName.legacy.health.workloadStatus.syncedProxies).toBe(-1);

    const services = await getJson(`/api/namespaces/${SOCKSHOP}/services`);
    const frontEnd = services.services.find((s: any) => s.name === 'front-end');
    expect(frontEnd).toMatchObject({
      istioSidecar: true,
      serviceRegistry: 'Kubernetes',
      ports: { http: 80 },
    });
  });

  it('answers namespace health per app, service and workload', async () => {
    const apps = await getJson(`/api/namespaces/${SOCKSHOP}/health?type=app`);
    expect(
      apps['front-end'].workloadStatuses.map((s: any) => s.name).sort(),
    ).toEqual(['front-end', 'front-end-v2']);
    expect(apps['front-end'].requests.inbound.http['200']).toBeCloseTo(10);
    expect(apps['front-end'].requests.outbound.http['200']).toBeGreaterThan(0);
    const services = await getJson(
      `/api/namespaces/${SOCKSHOP}/health?type=service&rateInterval=1m`,
    );
    expect(services.catalogue.requests.inbound.http['200']).toBeCloseTo(6);
    const workloads = await getJson(
      `/api/namespaces/${SOCKSHOP}/health?type=workload`,
    );
    expect(workloads['front-end'].requests.inbound.http['200']).toBeCloseTo(8);
    const bad = await get(`/api/namespaces/${SOCKSHOP}/health?type=pods`);
    expect(bad.status).toBe(400);
  });

  it('draws the versioned-app graph with the 80/20 split as request percentages', async () => {
    const graph = await getJson(
      `/api/namespaces/graph?namespaces=${SOCKSHOP}&graphType=versionedApp&duration=60s&injectServiceNodes=true`,
    );
    expect(graph).toMatchObject({ graphType: 'versionedApp', duration: 60 });
    const nodes = graph.elements.nodes.map((n: any) => n.data);
    const frontEnd = nodes.find(
      (n: any) => n.nodeType === 'service' && n.service === 'front-end',
    );
    const version = (id: string) => nodes.find((n: any) => n.id === id).version;
    const split = Object.fromEntries(
      graph.elements.edges
        .map((e: any) => e.data)
        .filter((e: any) => e.source === frontEnd.id)
        .map((e: any) => [version(e.target), e.traffic.rates.httpPercentReq]),
    );
    expect(split).toEqual({ v1: '80.0', v2: '20.0' });
    // securityPolicy: the hops between two proxies are mutual TLS
    const toVersions = graph.elements.edges
      .map((e: any) => e.data)
      .filter((e: any) => e.source === frontEnd.id);
    expect(toVersions.map((e: any) => e.isMTLS)).toEqual(['100', '100']);
    expect(toVersions[0].traffic.responses).toEqual({
      '200': {
        flags: { '-': '100.0' },
        hosts: { 'front-end.user1-sockshop.svc.cluster.local': '100.0' },
      },
    });
    const gateway = nodes.find(
      (n: any) => n.workload === 'istio-ingressgateway',
    );
    expect(gateway).toMatchObject({
      isRoot: true,
      isOutside: true,
      isGateway: expect.anything(),
    });
    expect(
      nodes.filter((n: any) => n.isBox === 'app').map((n: any) => n.app),
    ).toEqual(['front-end']);
  });

  it('flags a VirtualService route to a subset no DestinationRule defines', async () => {
    await sandbox.client.create(kinds.virtualServices, {
      metadata: { name: 'payment', namespace: SOCKSHOP },
      spec: {
        hosts: ['payment'],
        http: [{ route: [{ destination: { host: 'payment', subset: 'v2' } }] }],
      },
    });
    // Kiali sees it once its cache has.
    await eventually(async () =>
      expect(
        (
          await getJson(`/api/namespaces/${SOCKSHOP}/validations`)
        ).objectCount,
      ).toBe(4),
    );
    const summary = await getJson(
      `/api/istio/validations?namespaces=${SOCKSHOP}`,
    );
    expect(summary).toEqual({
      Kubernetes: { [SOCKSHOP]: { errors: 0, objectCount: 4, warnings: 1 } },
    });
    expect(await getJson(`/api/namespaces/${SOCKSHOP}/validations`)).toEqual({
      errors: 0,
      objectCount: 4,
      warnings: 1,
    });
    const config = await getJson(`/api/namespaces/${SOCKSHOP}/istio`);
    expect(
      config.validations.virtualservice[`payment.${SOCKSHOP}`].checks,
    ).toEqual([
      {
        code: 'KIA1107',
        message: 'Subset not found',
        severity: 'warning',
        path: 'spec/http[0]/route[0]/destination',
      },
    ]);
  });
});

describe('Kiali 2.x API with the token strategy', () => {
  let sandbox: Sandbox;
  const login = (token: string) =>
    sandboxRequest(sandbox, '/kiali/api/authenticate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
  const cookieOf = (response: { headers: Record<string, any> }) =>
    String(response.headers['set-cookie'][0]).split(';')[0];

  beforeAll(async () => {
    sandbox = await kialiSandbox({
      version: 'v2.4.5',
      strategy: 'token',
      sessionSeconds: 0.3,
    });
  });
  afterAll(() => sandbox.stop());

  it('logs in with a token form and then accepts only the session cookie', async () => {
    expect((await login('wrong')).status).toBe(401);
    const response = await login(sandbox.tokens.read);
    expect(response.status).toBe(200);
    expect(response.json().username).toBe(
      'system:serviceaccount:backstage:backstage-read-only',
    );
    const cookie = cookieOf(response);
    expect(cookie).toMatch(/^kiali-token-Kubernetes=.+/);

    const bearer = await sandboxRequest(
      sandbox,
      `/kiali/api/clusters/workloads?namespaces=${SOCKSHOP}`,
      {
        token: sandbox.tokens.read,
      },
    );
    expect(bearer.status).toBe(401);
    const list = await sandboxRequest(
      sandbox,
      `/kiali/api/clusters/workloads?namespaces=${SOCKSHOP}`,
      {
        headers: { Cookie: cookie },
      },
    );
    expect(list.status).toBe(200);
    expect(
      list.json().workloads.find((w: any) => w.name === 'front-end'),
    ).toMatchObject({
      type: 'Deployment',
      isAmbient: false,
      istioSidecar: true,
    });
    const health = await sandboxRequest(
      sandbox,
      `/kiali/api/clusters/health?namespaces=${SOCKSHOP}&type=workload`,
      { headers: { Cookie: cookie } },
    );
    expect(
      health.json().namespaceWorkloadHealth[SOCKSHOP]['front-end-v2'].requests
        .inbound.http['200'],
    ).toBeCloseTo(2);
    const removed = await sandboxRequest(
      sandbox,
      `/kiali/api/namespaces/${SOCKSHOP}/workloads`,
      {
        headers: { Cookie: cookie },
      },
    );
    expect(removed.status).toBe(404);
    const summary = await sandboxRequest(
      sandbox,
      `/kiali/api/istio/validations?namespaces=${SOCKSHOP}`,
      {
        headers: { Cookie: cookie },
      },
    );
    expect(summary.json()).toEqual([
      {
        errors: 0,
        objectCount: 3,
        warnings: 0,
        namespace: SOCKSHOP,
        cluster: 'Kubernetes',
      },
    ]);
  });

  it('expires sessions', async () => {
    const cookie = cookieOf(await login(sandbox.tokens.read));
    await new Promise(resolve => setTimeout(resolve, 400));
    const expired = await sandboxRequest(sandbox, '/kiali/api/namespaces', {
      headers: { Cookie: cookie },
    });
    expect(expired.status).toBe(401);
  });
});
