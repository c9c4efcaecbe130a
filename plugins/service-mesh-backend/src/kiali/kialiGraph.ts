import {
  GraphPeer,
  ObservedRequests,
  UNKNOWN,
} from '@service-mesh/plugin-service-mesh-common';
import { UpstreamError } from '../http/httpRequest';

/** What Kiali's graph tells: the requests, and which workloads are gateways. */
export interface KialiGraphTraffic {
  requests: ObservedRequests[];
  /** `namespace/workload` of the nodes Kiali marks as gateways. */
  gateways: string[];
}

const number = (value: unknown) => {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
};

const known = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && value !== UNKNOWN;

function peerOf(node: any): GraphPeer {
  if (!known(node?.workload) || !known(node?.namespace))
    return { namespace: UNKNOWN, workload: UNKNOWN };
  return {
    namespace: node.namespace,
    workload: node.workload,
    ...(known(node.app) ? { app: node.app } : {}),
    ...(known(node.version) && node.version !== 'latest'
      ? { version: node.version }
      : {}),
  };
}

/**
 * Kiali's answers per response code and flags: percentages of the edge's
 * requests; without them, the rate classes (`http5xx`, ...) of its rates.
 */
function responsesOf(
  traffic: any,
  rate: number,
): { code: string; flags: string; rate: number }[] {
  const entries: { code: string; flags: string; percent: number }[] = [];
  for (const [code, detail] of Object.entries<any>(traffic.responses ?? {})) {
    for (const [flags, percent] of Object.entries(detail?.flags ?? {})) {
      entries.push({ code, flags, percent: number(percent) });
    }
  }
  const total = entries.reduce((sum, e) => sum + e.percent, 0);
  if (total > 0) {
    return entries.map(e => ({
      code: e.code,
      flags: e.flags,
      rate: (rate * e.percent) / total,
    }));
  }
  const rates = traffic.rates ?? {};
  const classes: [string, number][] = [
    ['3xx', number(rates.http3xx)],
    ['4xx', number(rates.http4xx)],
    ['5xx', number(rates.http5xx)],
    ['0', number(rates.httpNoResponse)],
  ];
  const failed = classes.reduce((sum, [, r]) => sum + r, 0);
  return [['2xx', Math.max(0, rate - failed)] as [string, number], ...classes]
    .filter(([, r]) => r > 0)
    .map(([code, r]) => ({ code, flags: '-', rate: r }));
}

/** The Service requests to a node were sent to: a service node's, or a workload's only one. */
function serviceOf(node: any): { namespace: string; name: string } | undefined {
  if (node.nodeType === 'service') {
    return known(node.service) && known(node.namespace)
      ? { namespace: node.namespace, name: node.service }
      : undefined;
  }
  const [only, ...others] = node.destServices ?? [];
  return only &&
    others.length === 0 &&
    known(only.name) &&
    known(only.namespace)
    ? { namespace: only.namespace, name: only.name }
    : undefined;
}

/**
 * The HTTP requests of Kiali's workload graph (`graphType=workload`, the
 * securityPolicy appender): each edge's rate split by response code and
 * flags, its mTLS share, and the Service for edges to a service node (no
 * workload answered).
 */
export function trafficFromKialiGraph(body: any): KialiGraphTraffic {
  const elements = body?.elements;
  if (!Array.isArray(elements?.nodes) || !Array.isArray(elements?.edges)) {
    throw new UpstreamError('Kiali answered a graph without nodes and edges');
  }
  const nodes = new Map<string, any>(
    elements.nodes.map((n: any) => [n?.data?.id, n?.data]),
  );
  const requests: ObservedRequests[] = [];
  for (const { data: edge } of elements.edges as any[]) {
    const traffic = edge?.traffic;
    if (traffic?.protocol !== 'http') continue;
    const rate = number(traffic.rates?.http);
    const from = nodes.get(edge.source);
    const to = nodes.get(edge.target);
    if (!(rate > 0) || !from || !to) continue;
    const service = serviceOf(to);
    // The securityPolicy appender leaves isMTLS out for plain-text edges.
    const mtls = Math.min(1, number(edge.isMTLS) / 100);
    for (const response of responsesOf(traffic, rate)) {
      requests.push({
        source: peerOf(from),
        destination: peerOf(to),
        ...(service ? { service } : {}),
        responseCode: response.code,
        responseFlags: response.flags,
        rate: response.rate,
        mtlsRate: response.rate * mtls,
      });
    }
  }
  const gateways = [...nodes.values()]
    .filter(n => n?.isGateway && known(n.workload))
    .map(n => `${n.namespace}/${n.workload}`);
  return { requests, gateways };
}
