import {
  buildTrafficGraph,
  requestsFromIstioSamples,
  TrafficGraph,
} from '@service-mesh/plugin-service-mesh-common';
import {
  PrometheusAnswer,
  recordedPrometheusAnswers,
  samplesOf,
  sockShopContext,
} from '@service-mesh/plugin-service-mesh-common/testUtils';

/**
 * The traffic graph the backend answers for SockShop's System, built by the
 * graph model from a recorded Prometheus answer (the 80/20 canary unless
 * told otherwise).
 */
export function sockShopTrafficGraph(
  options: {
    answer?: PrometheusAnswer;
    window?: TrafficGraph['window'];
  } & Partial<Pick<TrafficGraph, 'source' | 'sources' | 'membership'>> = {},
): TrafficGraph {
  const { answer = recordedPrometheusAnswers.canary } = options;
  const { nodes, edges } = buildTrafficGraph(
    requestsFromIstioSamples(samplesOf(answer)),
    sockShopContext,
  );
  return {
    entity: { kind: 'system', namespace: 'default', name: 'sockshop' },
    cluster: 'local',
    namespace: 'user1-sockshop',
    window: options.window ?? '5m',
    generatedAt: '2026-11-25T10:00:00.000Z',
    source: options.source ?? 'prometheus',
    sources: options.sources ?? {
      kubernetes: { state: 'ok' },
      kiali: { state: 'not-configured' },
      prometheus: { state: 'ok' },
    },
    membership: options.membership ?? {
      namespace: 'user1-sockshop',
      member: true,
      controlPlaneNamespace: 'user1-istio-system',
      via: 'member-of-label',
    },
    nodes,
    edges,
  };
}

/** The graph of a cluster with neither Kiali nor Prometheus configured. */
export function unconfiguredTrafficGraph(): TrafficGraph {
  return {
    ...sockShopTrafficGraph({
      source: 'none',
      sources: {
        kubernetes: { state: 'ok' },
        kiali: { state: 'not-configured' },
        prometheus: { state: 'not-configured' },
      },
    }),
    nodes: [],
    edges: [],
  };
}

/** The graph of a namespace nothing called in the window. */
export function quietTrafficGraph(): TrafficGraph {
  return { ...sockShopTrafficGraph(), nodes: [], edges: [] };
}
