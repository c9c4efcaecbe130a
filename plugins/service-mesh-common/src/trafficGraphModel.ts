import { isNoResponse, responseHealth } from './responseHealth';
import {
  GraphPeer,
  ObservedRequests,
  TrafficEdge,
  TrafficNode,
  TrafficResponse,
  UNKNOWN,
} from './trafficGraph';

/**
 * What the cluster's objects tell about the requests of a namespace.
 *
 * @public
 */
export interface TrafficGraphContext {
  namespace: string;
  /** A Component's own workloads; absent for a System, which owns every workload of the namespace. */
  ownWorkloads?: string[];
  /** The workloads behind each Service of the namespace, to place requests that no workload answered. */
  serviceWorkloads: Record<string, string[]>;
  /** Services of the namespace whose DestinationRule sets outlier detection (a circuit breaker). */
  outlierDetection: string[];
  /** Namespaces whose workloads are gateways: the control plane's. */
  gatewayNamespaces: string[];
  /** Further workloads known to be gateways, as `namespace/workload` (e.g. from Kiali). */
  gatewayWorkloads?: string[];
}

/** Envoy's flags for an upstream overflow (UO) and no healthy upstream (UH). */
const CIRCUIT_BREAKER_FLAGS = ['UO', 'UH'];

const round = (n: number, digits: number) =>
  Math.round(n * 10 ** digits) / 10 ** digits;

const known = (value: string | undefined) =>
  Boolean(value) && value !== UNKNOWN;

interface EdgeTally {
  source: string;
  target: string;
  rate: number;
  mtlsRate: number;
  mtlsKnownRate: number;
  tripped: boolean;
  responses: Map<string, TrafficResponse>;
}

/**
 * The graph of observed requests: one node per workload (each version its
 * own), gateway, Service no single workload answered, or unknown peer; one
 * edge per caller and callee with its rate, its share of the caller's
 * requests, errors, mTLS and whether a circuit breaker tripped; nodes and
 * edges coloured by Kiali's health rules. A Component's graph keeps the edges
 * that touch its own workloads.
 *
 * @public
 */
export function buildTrafficGraph(
  requests: ObservedRequests[],
  context: TrafficGraphContext,
): { nodes: TrafficNode[]; edges: TrafficEdge[] } {
  const own = context.ownWorkloads && new Set(context.ownWorkloads);
  const ownWorkload = (namespace: string, workload: string) =>
    namespace === context.namespace && (!own || own.has(workload));
  const gateways = new Set(context.gatewayWorkloads ?? []);
  const gatewayNamespaces = new Set(context.gatewayNamespaces);
  const circuitBreakers = new Set(context.outlierDetection);

  const nodes = new Map<string, TrafficNode>();
  const inbound = new Map<string, Record<string, number>>();
  const outbound = new Map<string, number>();
  const edges = new Map<string, EdgeTally>();

  const node = (id: string, make: () => TrafficNode, peer?: GraphPeer) => {
    let found = nodes.get(id);
    if (!found) {
      found = make();
      nodes.set(id, found);
    }
    if (peer && !found.app && known(peer.app)) found.app = peer.app;
    if (peer && !found.version && known(peer.version))
      found.version = peer.version;
    return found;
  };
  const unknownNode = () =>
    node(UNKNOWN, () => ({
      ...emptyNode(UNKNOWN, 'unknown', UNKNOWN, UNKNOWN),
      own: false,
    }));
  const workloadNode = (peer: GraphPeer) => {
    if (!known(peer.workload)) return unknownNode();
    const id = `${peer.namespace}/${peer.workload}`;
    const gateway = gateways.has(id) || gatewayNamespaces.has(peer.namespace);
    return node(
      id,
      () => ({
        ...emptyNode(
          id,
          gateway ? 'gateway' : 'workload',
          peer.namespace,
          peer.workload,
        ),
        own: ownWorkload(peer.namespace, peer.workload),
      }),
      peer,
    );
  };
  const destinationNode = (request: ObservedRequests) => {
    if (known(request.destination.workload))
      return workloadNode(request.destination);
    const service = request.service;
    if (!service || !known(service.name) || !known(service.namespace))
      return unknownNode();
    const behind =
      service.namespace === context.namespace
        ? context.serviceWorkloads[service.name] ?? []
        : [];
    if (behind.length === 1)
      return workloadNode({
        namespace: service.namespace,
        workload: behind[0],
      });
    const id = `service:${service.namespace}/${service.name}`;
    return node(id, () => ({
      ...emptyNode(id, 'service', service.namespace, service.name),
      own: behind.some(w => ownWorkload(service.namespace, w)),
    }));
  };

  for (const request of requests) {
    if (!(request.rate > 0)) continue;
    const source = workloadNode(request.source);
    const target = destinationNode(request);
    const key = `${source.id}>${target.id}`;
    let edge = edges.get(key);
    if (!edge) {
      edge = {
        source: source.id,
        target: target.id,
        rate: 0,
        mtlsRate: 0,
        mtlsKnownRate: 0,
        tripped: false,
        responses: new Map(),
      };
      edges.set(key, edge);
    }
    edge.rate += request.rate;
    if (request.mtlsRate !== undefined) {
      edge.mtlsKnownRate += request.rate;
      edge.mtlsRate += request.mtlsRate;
    }
    const flags = request.responseFlags || '-';
    if (
      request.service?.namespace === context.namespace &&
      circuitBreakers.has(request.service.name) &&
      flags.split(',').some(flag => CIRCUIT_BREAKER_FLAGS.includes(flag))
    ) {
      edge.tripped = true;
    }
    const code = isNoResponse(request.responseCode)
      ? '0'
      : request.responseCode;
    const responseKey = `${code} ${flags}`;
    const response = edge.responses.get(responseKey) ?? {
      code,
      flags,
      rate: 0,
    };
    response.rate += request.rate;
    edge.responses.set(responseKey, response);
    outbound.set(source.id, (outbound.get(source.id) ?? 0) + request.rate);
    const codes = inbound.get(target.id) ?? {};
    codes[code] = (codes[code] ?? 0) + request.rate;
    inbound.set(target.id, codes);
  }

  const kept = [...edges.values()].filter(
    edge => !own || nodes.get(edge.source)!.own || nodes.get(edge.target)!.own,
  );
  const shown = new Set(kept.flatMap(edge => [edge.source, edge.target]));
  return {
    nodes: [...nodes.values()]
      .filter(n => shown.has(n.id))
      .map(n => {
        const health = responseHealth(inbound.get(n.id) ?? {});
        return {
          ...n,
          requestRateIn: round(health.requestRate, 3),
          requestRateOut: round(outbound.get(n.id) ?? 0, 3),
          health: health.status,
        };
      })
      .sort((a, b) => a.id.localeCompare(b.id)),
    edges: kept
      .map(edge => toEdge(edge, outbound.get(edge.source) ?? edge.rate))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

function emptyNode(
  id: string,
  kind: TrafficNode['kind'],
  namespace: string,
  name: string,
): Omit<TrafficNode, 'own'> {
  return {
    id,
    kind,
    namespace,
    name,
    requestRateIn: 0,
    requestRateOut: 0,
    health: 'NA',
  };
}

function toEdge(edge: EdgeTally, sourceTotal: number): TrafficEdge {
  const rateByCode: Record<string, number> = {};
  for (const { code, rate } of edge.responses.values())
    rateByCode[code] = (rateByCode[code] ?? 0) + rate;
  const health = responseHealth(rateByCode);
  return {
    id: `${edge.source}>${edge.target}`,
    source: edge.source,
    target: edge.target,
    requestRate: round(edge.rate, 3),
    sharePercent: round((100 * edge.rate) / sourceTotal, 1),
    errorRatio: round(health.errorPercent / 100, 4),
    ...(edge.mtlsKnownRate > 0
      ? { mtlsRatio: round(edge.mtlsRate / edge.mtlsKnownRate, 3) }
      : {}),
    circuitBreakerTripped: edge.tripped,
    responses: [...edge.responses.values()]
      .map(r => ({ ...r, rate: round(r.rate, 3) }))
      .sort((a, b) => b.rate - a.rate || a.code.localeCompare(b.code)),
    health: health.status,
  };
}
