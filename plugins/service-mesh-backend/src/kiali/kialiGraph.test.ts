import { buildTrafficGraph } from '@service-mesh/plugin-service-mesh-common';
import { sockShopContext } from '@service-mesh/plugin-service-mesh-common/testUtils';
import workloadGraph from './__fixtures__/workloadGraph.json';
import { trafficFromKialiGraph } from './kialiGraph';

const gateway = 'user1-istio-system/istio-ingressgateway';
const ns = (workload: string) => `user1-sockshop/${workload}`;

/** A graph of two workloads with one edge between them. */
const graphWithEdge = (traffic: object) => ({
  elements: {
    nodes: ['a', 'b'].map(id => ({
      data: { id, nodeType: 'workload', namespace: 'n', workload: id },
    })),
    edges: [{ data: { id: 'ab', source: 'a', target: 'b', traffic } }],
  },
});

describe('trafficFromKialiGraph', () => {
  const traffic = trafficFromKialiGraph(workloadGraph);
  const graph = buildTrafficGraph(traffic.requests, {
    ...sockShopContext,
    gatewayNamespaces: [],
    gatewayWorkloads: traffic.gateways,
  });
  const edge = (source: string, target: string) =>
    graph.edges.find(e => e.source === source && e.target === target)!;

  it("takes Kiali's gateways, versions and HTTP edges, and leaves TCP out", () => {
    expect(traffic.gateways).toEqual([gateway]);
    expect(graph.nodes.map(n => [n.id, n.kind, n.version])).toEqual([
      ['unknown', 'unknown', undefined],
      [gateway, 'gateway', undefined],
      [ns('carts'), 'workload', 'v1'],
      [ns('catalogue'), 'workload', 'v1'],
      [ns('front-end'), 'workload', 'v1'],
      [ns('front-end-v2'), 'workload', 'v2'],
    ]);
  });

  it('gives the 80/20 split, the mTLS share and the rates of each edge', () => {
    expect(edge(gateway, ns('front-end'))).toMatchObject({
      requestRate: 16,
      sharePercent: 80,
      mtlsRatio: 1,
      health: 'Healthy',
    });
    expect(edge(gateway, ns('front-end-v2')).sharePercent).toBe(20);
    // no isMTLS from the securityPolicy appender: plain text from a caller without a proxy
    expect(edge('unknown', ns('front-end')).mtlsRatio).toBe(0);
    expect(edge(ns('front-end'), ns('catalogue')).sharePercent).toBe(68.7);
  });

  it("joins the service node of carts' 503 UH to carts, and marks its circuit breaker", () => {
    const carts = edge(ns('front-end'), ns('carts'));
    expect(carts).toMatchObject({
      requestRate: 4.21,
      circuitBreakerTripped: true,
      health: 'Failure',
      responses: [
        { code: '200', flags: '-', rate: 2.31 },
        { code: '503', flags: 'UH', rate: 1.9 },
      ],
    });
    expect(carts.errorRatio).toBeCloseTo(1.9 / 4.21, 4);
    expect(carts.mtlsRatio).toBeCloseTo(2.31 / 4.21, 3);
  });

  it('reads percentages of the whole edge, and rate classes when an edge has no responses', () => {
    const [ok, failed] = trafficFromKialiGraph(
      graphWithEdge({
        protocol: 'http',
        rates: { http: '10.00', http5xx: '2.50' },
        responses: {
          '200': { flags: { '-': '75.0' } },
          '503': { flags: { UF: '25.0' } },
        },
      }),
    ).requests;
    expect([
      ok.responseCode,
      ok.rate,
      failed.responseCode,
      failed.rate,
    ]).toEqual(['200', 7.5, '503', 2.5]);
    const classes = trafficFromKialiGraph(
      graphWithEdge({ protocol: 'http', rates: { http: '4', http5xx: '1' } }),
    ).requests;
    expect(classes.map(r => [r.responseCode, r.rate])).toEqual([
      ['2xx', 3],
      ['5xx', 1],
    ]);
  });

  it('refuses an answer that is not a graph', () => {
    expect(() => trafficFromKialiGraph({ error: 'nope' })).toThrow(
      'Kiali answered a graph without nodes and edges',
    );
  });
});
