import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Sandbox, sandboxKubernetesConfig } from '@internal/mesh-sandbox';
import { TrafficGraph } from '@service-mesh/plugin-service-mesh-common';
import {
  PrometheusAnswer,
  recordedPrometheusAnswers,
} from '@service-mesh/plugin-service-mesh-common/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { serviceMeshPlugin } from './plugin';
import workloadGraph from './kiali/__fixtures__/workloadGraph.json';
import { frontEndComponent } from './__testUtils__/entities';
import { startMeshedSandbox } from './__testUtils__/meshedSandbox';

const PROMETHEUS = 'http://prometheus.test:9090';
const KIALI = 'https://kiali.test';
const gateway = 'user1-istio-system/istio-ingressgateway';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'sockshop',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-namespace': 'user1-sockshop' },
    },
    spec: { owner: 'team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'plain',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-namespace': 'plain' },
    },
    spec: { owner: 'team' },
  },
  frontEndComponent,
];

/** What Prometheus and Kiali were asked, and what they answer. */
const upstream = {
  prometheusQueries: [] as string[],
  kialiQueries: [] as URLSearchParams[],
  prometheus: (): Response =>
    HttpResponse.json(recordedPrometheusAnswers.canary),
  kiali: (): Response => HttpResponse.json(workloadGraph),
};

const server = setupServer(
  http.get(`${PROMETHEUS}/api/v1/query`, ({ request: r }) => {
    upstream.prometheusQueries.push(new URL(r.url).searchParams.get('query')!);
    return upstream.prometheus();
  }),
  // what the Kiali client asks a server once, before anything else
  http.get(`${KIALI}/api/auth/info`, () =>
    HttpResponse.json({ strategy: 'openshift', authorizationEndpoint: '' }),
  ),
  http.get(`${KIALI}/api/status`, () =>
    HttpResponse.json({
      status: { 'Kiali version': 'v1.73.22', 'Kiali state': 'running' },
    }),
  ),
  http.get(`${KIALI}/api/config`, () =>
    HttpResponse.json({ clusters: { Kubernetes: { name: 'Kubernetes' } } }),
  ),
  http.get(`${KIALI}/api/namespaces/graph`, ({ request: r }) => {
    upstream.kialiQueries.push(new URL(r.url).searchParams);
    return upstream.kiali();
  }),
);

async function backendFor(
  sandbox: Sandbox,
  options: {
    kiali?: boolean;
    prometheus?: boolean;
    result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    cacheTtlSeconds?: number;
  } = {},
) {
  const { kiali = false, prometheus = true } = options;
  return startTestBackend({
    features: [
      serviceMeshPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory({
        result: options.result ?? AuthorizeResult.ALLOW,
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: sandboxKubernetesConfig(sandbox),
          serviceMesh: {
            cacheTtlSeconds: options.cacheTtlSeconds ?? 5,
            clusters: [
              {
                name: 'local',
                ...(kiali
                  ? {
                      kiali: {
                        url: KIALI,
                        strategy: 'openshift',
                        token: 'secret-kiali-token',
                      },
                    }
                  : {}),
                ...(prometheus
                  ? { prometheus: { url: PROMETHEUS, window: '1m' } }
                  : {}),
              },
            ],
          },
        },
      }),
    ],
  });
}

async function graphOf(
  backend: Awaited<ReturnType<typeof startTestBackend>>,
  path = 'system/default/sockshop',
  query = '',
) {
  return request(backend.server)
    .get(`/api/service-mesh/entities/${path}/traffic-graph${query}`)
    .set('Authorization', mockCredentials.user.header());
}

const edgeOf = (graph: TrafficGraph, source: string, target: string) =>
  graph.edges.find(e => e.source === source && e.target === target);

describe('GET /entities/:kind/:namespace/:name/traffic-graph', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // the sandbox's own HTTPS (Kubernetes) passes through; Prometheus and Kiali are msw's
    server.listen({ onUnhandledRequest: 'bypass' });
    sandbox = await startMeshedSandbox();
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    await kc
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: 'plain' } } });
  });
  afterAll(async () => {
    server.close();
    await sandbox.stop();
  });
  beforeEach(() => {
    upstream.prometheusQueries = [];
    upstream.kialiQueries = [];
    upstream.prometheus = () =>
      HttpResponse.json(recordedPrometheusAnswers.canary);
    upstream.kiali = () => HttpResponse.json(workloadGraph);
  });

  it("draws a System's graph from one Prometheus query over the window: the gateway's 80/20 to front-end", async () => {
    const backend = await backendFor(sandbox);
    const response = await graphOf(
      backend,
      'system/default/sockshop',
      '?window=30m',
    );
    await backend.stop();
    expect(response.status).toBe(200);
    const graph: TrafficGraph = response.body;
    expect(upstream.prometheusQueries).toHaveLength(1);
    expect(upstream.prometheusQueries[0]).toContain(
      'rate(istio_requests_total{reporter="destination",destination_workload_namespace="user1-sockshop"}[30m])',
    );
    expect(graph).toMatchObject({
      entity: { kind: 'system', namespace: 'default', name: 'sockshop' },
      cluster: 'local',
      namespace: 'user1-sockshop',
      window: '30m',
      source: 'prometheus',
      sources: {
        kubernetes: { state: 'ok' },
        kiali: { state: 'not-configured' },
        prometheus: { state: 'ok' },
      },
      membership: { member: true, controlPlaneNamespace: 'user1-istio-system' },
    });
    expect(graph.nodes.find(n => n.id === gateway)?.kind).toBe('gateway');
    expect(
      edgeOf(graph, gateway, 'user1-sockshop/front-end')?.sharePercent,
    ).toBe(79.9);
    expect(
      edgeOf(graph, gateway, 'user1-sockshop/front-end-v2')?.sharePercent,
    ).toBe(20.1);
    expect(graph.edges).toHaveLength(20);
  });

  it("keeps a Component's own workloads and neighbours, and marks carts' open circuit breaker from its DestinationRule", async () => {
    upstream.prometheus = () =>
      HttpResponse.json(recordedPrometheusAnswers.circuitBreakerOpened);
    const backend = await backendFor(sandbox);
    const response = await graphOf(backend, 'component/default/front-end');
    await backend.stop();
    const graph: TrafficGraph = response.body;
    expect(graph.window).toBe('5m');
    expect(upstream.prometheusQueries[0]).toContain('[5m]');
    expect(graph.nodes.filter(n => n.own).map(n => n.name)).toEqual([
      'front-end',
      'front-end-v2',
    ]);
    expect(graph.nodes.map(n => n.name)).not.toContain('payment');
    // the sandbox's carts DestinationRule sets outlierDetection; catalogue has none
    expect(
      edgeOf(graph, 'user1-sockshop/front-end', 'user1-sockshop/carts'),
    ).toMatchObject({ circuitBreakerTripped: true, health: 'Failure' });
    expect(
      edgeOf(graph, 'user1-sockshop/front-end', 'user1-sockshop/catalogue'),
    ).toMatchObject({ circuitBreakerTripped: false, health: 'Failure' });
  });

  it("takes Kiali's graph when Kiali answers, and asks Prometheus nothing", async () => {
    const backend = await backendFor(sandbox, { kiali: true });
    const response = await graphOf(
      backend,
      'system/default/sockshop',
      '?window=1m',
    );
    await backend.stop();
    const graph: TrafficGraph = response.body;
    expect(graph.source).toBe('kiali');
    expect(graph.sources).toEqual({
      kubernetes: { state: 'ok' },
      kiali: { state: 'ok' },
    });
    expect(upstream.prometheusQueries).toEqual([]);
    expect(Object.fromEntries(upstream.kialiQueries[0])).toEqual({
      namespaces: 'user1-sockshop',
      graphType: 'workload',
      duration: '60s',
      injectServiceNodes: 'false',
      appenders: 'securityPolicy',
    });
    expect(edgeOf(graph, gateway, 'user1-sockshop/front-end-v2')).toMatchObject(
      { sharePercent: 20, mtlsRatio: 1 },
    );
    expect(JSON.stringify(graph)).not.toContain('secret-kiali-token');
  });

  it('falls back to Prometheus when Kiali fails, saying why', async () => {
    upstream.kiali = () => new HttpResponse('boom', { status: 500 });
    const backend = await backendFor(sandbox, { kiali: true });
    const graph: TrafficGraph = (await graphOf(backend)).body;
    await backend.stop();
    expect(graph.source).toBe('prometheus');
    expect(graph.sources.kiali).toEqual({
      state: 'error',
      reason: 'Kiali answered HTTP 500 for /api/namespaces/graph',
    });
    expect(graph.sources.prometheus).toEqual({ state: 'ok' });
    expect(graph.edges.length).toBeGreaterThan(0);
  });

  it('answers an empty graph that names each source when none can be read', async () => {
    upstream.prometheus = () =>
      HttpResponse.json(
        { status: 'error', errorType: 'bad_data', error: 'parse error' },
        { status: 400 },
      );
    const failing = await backendFor(sandbox);
    const failed: TrafficGraph = (await graphOf(failing)).body;
    await failing.stop();
    expect(failed).toMatchObject({
      source: 'none',
      sources: {
        kiali: { state: 'not-configured' },
        prometheus: {
          state: 'error',
          reason: 'Prometheus answered HTTP 400: bad_data parse error',
        },
      },
      nodes: [],
      edges: [],
    });

    const bare = await backendFor(sandbox, { prometheus: false });
    const unconfigured = await graphOf(bare);
    await bare.stop();
    expect(unconfigured.status).toBe(200);
    expect(unconfigured.body).toMatchObject({
      source: 'none',
      sources: {
        kiali: { state: 'not-configured' },
        prometheus: { state: 'not-configured' },
      },
      edges: [],
    });
  });

  it('says when the namespace is in no mesh', async () => {
    upstream.prometheus = () =>
      HttpResponse.json({
        status: 'success',
        data: { resultType: 'vector', result: [] },
      } satisfies PrometheusAnswer);
    const backend = await backendFor(sandbox);
    const graph: TrafficGraph = (await graphOf(backend, 'system/default/plain'))
      .body;
    await backend.stop();
    expect(graph.membership).toEqual({
      namespace: 'plain',
      member: false,
      via: 'none',
    });
    expect(graph.edges).toEqual([]);
  });

  it('costs one Prometheus query for concurrent viewers and within the cache time, per window', async () => {
    const backend = await backendFor(sandbox);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        graphOf(
          backend,
          i % 2 ? 'system/default/sockshop' : 'component/default/front-end',
        ),
      ),
    );
    expect(answers.every(a => a.status === 200)).toBe(true);
    expect(upstream.prometheusQueries).toHaveLength(1);
    await graphOf(backend);
    expect(upstream.prometheusQueries).toHaveLength(1);
    await graphOf(backend, 'system/default/sockshop', '?window=1m');
    expect(upstream.prometheusQueries).toHaveLength(2);
    await backend.stop();
  });

  it('answers 400 naming the window, and 403 without the read permission, asking no source', async () => {
    const backend = await backendFor(sandbox);
    for (const query of ['?window=2m', '?window=5', '?window=1m&window=5m']) {
      const bad = await graphOf(backend, 'system/default/sockshop', query);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe('window must be one of 1m, 5m, 30m');
    }
    await backend.stop();
    const denied = await backendFor(sandbox, { result: AuthorizeResult.DENY });
    const response = await graphOf(denied, 'component/default/front-end');
    await denied.stop();
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'you may not read the traffic graph of component:default/front-end',
    );
    expect(upstream.prometheusQueries).toEqual([]);
  });
});
