import { HealthState, MembershipStatus, SourceStatus } from './meshStatus';

/**
 * The windows a traffic graph can cover, as Prometheus durations.
 *
 * @public
 */
export const TRAFFIC_GRAPH_WINDOWS = ['1m', '5m', '30m'] as const;
/** @public */
export type TrafficGraphWindow = (typeof TRAFFIC_GRAPH_WINDOWS)[number];
/** @public */
export const DEFAULT_TRAFFIC_GRAPH_WINDOW: TrafficGraphWindow = '5m';

/**
 * `5m` gives 300.
 *
 * @public
 */
export function trafficGraphWindowSeconds(window: TrafficGraphWindow): number {
  return Number(window.slice(0, -1)) * 60;
}

/**
 * Istio's value for a label it could not tell.
 *
 * @public
 */
export const UNKNOWN = 'unknown';

/**
 * One end of observed requests, as Istio's telemetry names it.
 *
 * @public
 */
export interface GraphPeer {
  /** `unknown` when Istio could not tell (a caller without a proxy, or no workload answered). */
  namespace: string;
  workload: string;
  /** The canonical service (usually the `app` label). */
  app?: string;
  /** The canonical revision (usually the `version` label). */
  version?: string;
}

/**
 * Requests of one kind between two peers over a window, each counted once:
 * the input of the graph model, from Prometheus or from Kiali.
 *
 * @public
 */
export interface ObservedRequests {
  source: GraphPeer;
  destination: GraphPeer;
  /** The Kubernetes Service the requests were sent to, when known. */
  service?: { namespace: string; name: string };
  /** `200`, `503`, `0` (no response), or a class like `5xx` when only that is known. */
  responseCode: string;
  /** Envoy's response flags, `-` for none, e.g. `UH` or `UO,URX`. */
  responseFlags: string;
  /** Requests per second. */
  rate: number;
  /** How many of `rate` went over mutual TLS; absent when no reporter could tell. */
  mtlsRate?: number;
}

/** @public */
export type TrafficNodeKind =
  /** a workload (Deployment) of the mesh, with its version */
  | 'workload'
  /** an ingress or egress gateway of the control plane */
  | 'gateway'
  /** a Service the requests were sent to when no single workload answered them */
  | 'service'
  /** callers outside the mesh, or destinations Istio could not name */
  | 'unknown';

/** @public */
export interface TrafficNode {
  /** `namespace/workload`, `service:namespace/name`, or `unknown`. */
  id: string;
  kind: TrafficNodeKind;
  namespace: string;
  /** The workload, or the Service for kind `service`. */
  name: string;
  app?: string;
  version?: string;
  /** Part of the entity: every workload of a System's namespace, a Component's own workloads. */
  own: boolean;
  /** Requests per second it received and sent in the window. */
  requestRateIn: number;
  requestRateOut: number;
  /** The health of what it answered; `NA` when it received nothing. */
  health: HealthState;
}

/**
 * A response code and flags on an edge, with its rate.
 *
 * @public
 */
export interface TrafficResponse {
  code: string;
  flags: string;
  rate: number;
}

/** @public */
export interface TrafficEdge {
  /** `source>target`. */
  id: string;
  source: string;
  target: string;
  /** Requests per second. */
  requestRate: number;
  /** Share of the requests the source sent (that the graph sees), in percent: the 80/20 of a canary. */
  sharePercent: number;
  /** Share of errors (no response, 4xx, 5xx), 0..1. */
  errorRatio: number;
  /** Share sent over mutual TLS, 0..1; absent when unknown. */
  mtlsRatio?: number;
  /** Responses flagged UO or UH by Envoy on a destination whose DestinationRule sets outlier detection. */
  circuitBreakerTripped: boolean;
  /** Responses by code and flags, most frequent first. */
  responses: TrafficResponse[];
  health: HealthState;
}

/**
 * The traffic graph of a catalog entity over a window:
 * `GET /api/service-mesh/entities/:kind/:namespace/:name/traffic-graph?window=5m`.
 * A System covers every workload of its namespace, a Component its own
 * workloads and their direct neighbours.
 *
 * @public
 */
export interface TrafficGraph {
  entity: { kind: string; namespace: string; name: string };
  cluster: string;
  namespace: string;
  window: TrafficGraphWindow;
  generatedAt: string;
  /** Where the edges come from: Kiali's graph API when it answered, else one Prometheus query; `none` when neither could. */
  source: 'kiali' | 'prometheus' | 'none';
  /**
   * Each source asked, and why the others were not: `kiali` and `kubernetes`
   * always; `prometheus` unless Kiali answered.
   */
  sources: {
    kubernetes: SourceStatus;
    kiali: SourceStatus;
    prometheus?: SourceStatus;
  };
  membership: MembershipStatus;
  nodes: TrafficNode[];
  edges: TrafficEdge[];
}
