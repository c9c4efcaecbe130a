import {
  recordedPrometheusAnswers,
  samplesOf,
  sockShopContext,
} from './testUtils';
import { requestsFromIstioSamples } from './istioRequests';
import { ObservedRequests, TrafficEdge } from './trafficGraph';
import { buildTrafficGraph, TrafficGraphContext } from './trafficGraphModel';

const { canary, failingDestination, circuitBreakerOpened } =
  recordedPrometheusAnswers;
const gateway = 'user1-istio-system/istio-ingressgateway';
const frontEnd = 'user1-sockshop/front-end';
const frontEndV2 = 'user1-sockshop/front-end-v2';
const ns = (workload: string) => `user1-sockshop/${workload}`;

function graphOf(
  answer: Parameters<typeof samplesOf>[0],
  context: Partial<TrafficGraphContext> = {},
) {
  return buildTrafficGraph(requestsFromIstioSamples(samplesOf(answer)), {
    ...sockShopContext,
    ...context,
  });
}

function edge(edges: TrafficEdge[], source: string, target: string) {
  const found = edges.find(e => e.source === source && e.target === target);
  if (!found) throw new Error(`no edge ${source} -> ${target}`);
  return found;
}

describe('the traffic graph of a recorded Prometheus answer', () => {
  describe('the canary: front-end v2 at 20 %', () => {
    const graph = graphOf(canary);

    it('draws the ingress gateway and each version of front-end as its own node', () => {
      const nodes = Object.fromEntries(graph.nodes.map(n => [n.id, n]));
      expect(nodes[gateway]).toMatchObject({
        kind: 'gateway',
        namespace: 'user1-istio-system',
        name: 'istio-ingressgateway',
        own: false,
        health: 'NA',
      });
      // Istio's canonical revision of a pod without a version label is `latest`: no version shown
      expect(nodes[gateway].version).toBeUndefined();
      expect(nodes[frontEnd]).toMatchObject({
        kind: 'workload',
        app: 'front-end',
        version: 'v1',
        own: true,
        health: 'Healthy',
      });
      expect(nodes[frontEndV2]).toMatchObject({
        kind: 'workload',
        app: 'front-end',
        version: 'v2',
      });
      expect(graph.nodes.map(n => n.name).sort()).toEqual([
        'carts',
        'carts-db',
        'catalogue',
        'catalogue-db',
        'front-end',
        'front-end-v2',
        'istio-ingressgateway',
        'orders',
        'orders-db',
        'payment',
        'queue-master',
        'rabbitmq',
        'shipping',
        'user',
        'user-db',
      ]);
    });

    it("splits the gateway's requests about 80/20 between v1 and v2, each request counted once", () => {
      const v1 = edge(graph.edges, gateway, frontEnd);
      const v2 = edge(graph.edges, gateway, frontEndV2);
      expect(v1.sharePercent).toBe(79.9);
      expect(v2.sharePercent).toBe(20.1);
      // both proxies report each request; the answer holds 2.041 req/s from each
      expect(v1.requestRate).toBe(2.041);
      expect(v1).toMatchObject({
        errorRatio: 0,
        mtlsRatio: 1,
        circuitBreakerTripped: false,
        health: 'Healthy',
        responses: [{ code: '200', flags: '-', rate: 2.041 }],
      });
    });

    it("gives each caller's shares over its own requests, and ignores counters that did not move", () => {
      const fromV1 = graph.edges.filter(e => e.source === frontEnd);
      expect(fromV1.map(e => e.target).sort()).toEqual(
        ['carts', 'catalogue', 'orders', 'user'].map(ns),
      );
      expect(fromV1.reduce((sum, e) => sum + e.sharePercent, 0)).toBeCloseTo(
        100,
        0,
      );
      // 1.224 of 2.343 req/s front-end sent
      expect(edge(graph.edges, frontEnd, ns('catalogue')).sharePercent).toBe(
        52.2,
      );
      // the gateway's 503 UH of before v2 was ready has the rate 0 in the window
      expect(graph.nodes.some(n => n.kind === 'service')).toBe(false);
      expect(graph.edges).toHaveLength(20);
      expect(graph.edges.every(e => e.health === 'Healthy')).toBe(true);
    });

    it("keeps a Component's own workloads and their direct neighbours", () => {
      const component = graphOf(canary, {
        ownWorkloads: ['front-end', 'front-end-v2'],
      });
      expect(component.nodes.map(n => n.name).sort()).toEqual([
        'carts',
        'catalogue',
        'front-end',
        'front-end-v2',
        'istio-ingressgateway',
        'orders',
        'user',
      ]);
      expect(component.edges).toHaveLength(10);
      // shares are of everything the caller sent, not only what the Component sees
      expect(edge(component.edges, gateway, frontEndV2).sharePercent).toBe(
        20.1,
      );
      const carts = graphOf(canary, { ownWorkloads: ['carts'] });
      expect(carts.edges.map(e => e.id)).toEqual([
        `${ns('carts')}>${ns('carts-db')}`,
        `${frontEndV2}>${ns('carts')}`,
        `${frontEnd}>${ns('carts')}`,
        `${ns('orders')}>${ns('carts')}`,
      ]);
      expect(carts.nodes.find(n => n.name === 'carts')?.own).toBe(true);
      expect(carts.nodes.find(n => n.name === 'orders')?.own).toBe(false);
    });
  });

  describe('a failing destination', () => {
    const graph = graphOf(failingDestination);

    it('colours the edges into catalogue and catalogue itself as failing, without a circuit breaker', () => {
      const fromV1 = edge(graph.edges, frontEnd, ns('catalogue'));
      // 7.373 of 9.463 req/s answered 503 by catalogue itself
      expect(fromV1.errorRatio).toBeCloseTo(0.779, 3);
      expect(fromV1).toMatchObject({
        health: 'Failure',
        circuitBreakerTripped: false,
        mtlsRatio: 1,
        responses: [
          { code: '503', flags: '-', rate: 7.373 },
          { code: '200', flags: '-', rate: 2.091 },
        ],
      });
      expect(edge(graph.edges, frontEndV2, ns('catalogue')).health).toBe(
        'Failure',
      );
      expect(graph.nodes.find(n => n.name === 'catalogue')?.health).toBe(
        'Failure',
      );
      // catalogue still answers its own calls to its database
      expect(
        edge(graph.edges, ns('catalogue'), ns('catalogue-db')).health,
      ).toBe('Healthy');
      expect(edge(graph.edges, gateway, frontEnd).sharePercent).toBeCloseTo(
        80,
        0,
      );
    });
  });

  describe('a circuit breaker that opened', () => {
    const graph = graphOf(circuitBreakerOpened);

    it("marks the callers' edges to carts: Envoy's fast 503 UH beside carts' earlier 200s", () => {
      const fromV1 = edge(graph.edges, frontEnd, ns('carts'));
      expect(fromV1).toMatchObject({
        circuitBreakerTripped: true,
        health: 'Failure',
        responses: [
          { code: '200', flags: '-', rate: 2.891 },
          { code: '503', flags: 'UH', rate: 2.111 },
        ],
      });
      expect(fromV1.errorRatio).toBeCloseTo(2.111 / 5.002, 3);
      // the UH requests reached no workload, so no proxy knew their security
      expect(fromV1.mtlsRatio).toBe(1);
      expect(
        edge(graph.edges, ns('orders'), ns('carts')).circuitBreakerTripped,
      ).toBe(true);
      expect(
        edge(graph.edges, frontEndV2, ns('carts')).circuitBreakerTripped,
      ).toBe(true);
      // requests no workload answered belong to carts, the only workload behind its Service
      expect(
        graph.nodes.filter(n => n.kind !== 'workload').map(n => n.id),
      ).toEqual([gateway]);
      expect(graph.nodes.find(n => n.name === 'carts')?.health).toBe('Failure');
    });

    it('does not call failures a tripped circuit breaker where no outlier detection is set', () => {
      expect(
        edge(graph.edges, frontEnd, ns('catalogue')).circuitBreakerTripped,
      ).toBe(false);
      const withoutOutlierDetection = graphOf(circuitBreakerOpened, {
        outlierDetection: [],
      });
      expect(
        withoutOutlierDetection.edges.some(e => e.circuitBreakerTripped),
      ).toBe(false);
    });
  });
});

describe('buildTrafficGraph', () => {
  const request = (
    overrides: Partial<ObservedRequests> & Pick<ObservedRequests, 'rate'>,
  ): ObservedRequests => ({
    source: {
      namespace: 'user1-istio-system',
      workload: 'istio-ingressgateway',
    },
    destination: { namespace: 'unknown', workload: 'unknown' },
    service: { namespace: 'user1-sockshop', name: 'front-end' },
    responseCode: '503',
    responseFlags: 'UH',
    ...overrides,
  });

  it('puts requests to a Service no single workload answered on a node of their own', () => {
    const graph = buildTrafficGraph([request({ rate: 2 })], sockShopContext);
    expect(graph.nodes.map(n => [n.id, n.kind, n.own, n.health])).toEqual([
      ['service:user1-sockshop/front-end', 'service', true, 'Failure'],
      [gateway, 'gateway', false, 'NA'],
    ]);
    // front-end has no outlier detection: no healthy upstream is not a circuit breaker here
    expect(graph.edges[0]).toMatchObject({
      circuitBreakerTripped: false,
      errorRatio: 1,
      sharePercent: 100,
    });
    expect(graph.edges[0].mtlsRatio).toBeUndefined();
  });

  it('draws callers outside the mesh as one unknown node', () => {
    const graph = buildTrafficGraph(
      [
        request({
          source: { namespace: 'unknown', workload: 'unknown' },
          destination: { namespace: 'user1-sockshop', workload: 'front-end' },
          responseCode: '200',
          responseFlags: '-',
          rate: 3,
          mtlsRate: 0,
        }),
        request({
          source: { namespace: 'unknown', workload: 'unknown' },
          destination: { namespace: 'user1-sockshop', workload: 'carts' },
          service: { namespace: 'user1-sockshop', name: 'carts' },
          responseCode: '0',
          responseFlags: 'UO',
          rate: 1,
          mtlsRate: 0,
        }),
      ],
      sockShopContext,
    );
    expect(graph.nodes.map(n => `${n.id} ${n.kind}`)).toEqual([
      'unknown unknown',
      'user1-sockshop/carts workload',
      'user1-sockshop/front-end workload',
    ]);
    expect(
      graph.edges.map(e => [e.target, e.sharePercent, e.mtlsRatio]),
    ).toEqual([
      [ns('carts'), 25, 0],
      [ns('front-end'), 75, 0],
    ]);
    // an upstream overflow on carts, whose DestinationRule sets outlier detection
    expect(graph.edges[0]).toMatchObject({
      circuitBreakerTripped: true,
      responses: [{ code: '0', flags: 'UO', rate: 1 }],
    });
  });

  it('finds nothing to draw without requests', () => {
    expect(buildTrafficGraph([], sockShopContext)).toEqual({
      nodes: [],
      edges: [],
    });
  });
});
