import { GraphPeer, ObservedRequests, UNKNOWN } from './trafficGraph';

/**
 * One series of an instant vector: its labels and its value.
 *
 * @public
 */
export interface IstioSample {
  metric: Record<string, string>;
  value: number;
}

/**
 * The labels `istio_requests_total` is summed by for a traffic graph: who
 * reported, both ends, the Service, the response, and the connection's
 * security (which only the destination knows).
 *
 * @public
 */
export const ISTIO_GRAPH_LABELS = [
  'reporter',
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_service_namespace',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
  'response_code',
  'response_flags',
  'connection_security_policy',
] as const;

const label = (metric: Record<string, string>, name: string) =>
  metric[name] || UNKNOWN;

function peer(
  metric: Record<string, string>,
  side: 'source' | 'destination',
): GraphPeer {
  const app = label(metric, `${side}_canonical_service`);
  const version = label(metric, `${side}_canonical_revision`);
  return {
    namespace: label(metric, `${side}_workload_namespace`),
    workload: label(metric, `${side}_workload`),
    ...(app !== UNKNOWN ? { app } : {}),
    // Istio's canonical revision is `latest` for pods without a version label.
    ...(version !== UNKNOWN && version !== 'latest' ? { version } : {}),
  };
}

const peerKey = (p: GraphPeer) => `${p.namespace}/${p.workload}`;

interface Pair {
  bySource: IstioSample[];
  byDestination: IstioSample[];
}

/**
 * Observed requests from `istio_requests_total` summed by `ISTIO_GRAPH_LABELS`,
 * each counted once although both proxies report it: between a caller and a
 * callee the caller's reports count (they include requests that never
 * reached the callee, such as a tripped circuit breaker's), the callee's
 * (`reporter` `destination`, or `waypoint` for an ambient callee) only where
 * the caller has no proxy; the callee's reports tell which share was mutual
 * TLS. The callee's side must be one report per request: a sidecar's or a
 * waypoint's, not both.
 *
 * @public
 */
export function requestsFromIstioSamples(
  samples: IstioSample[],
): ObservedRequests[] {
  const pairs = new Map<string, Pair>();
  for (const sample of samples) {
    if (!(sample.value > 0)) continue;
    const m = sample.metric;
    const key = [
      peerKey(peer(m, 'source')),
      peerKey(peer(m, 'destination')),
      label(m, 'destination_service_namespace'),
      label(m, 'destination_service_name'),
    ].join('>');
    const pair = pairs.get(key) ?? { bySource: [], byDestination: [] };
    // The callee's side is its sidecar or, in ambient mode, its waypoint.
    if (m.reporter === 'source') pair.bySource.push(sample);
    else pair.byDestination.push(sample);
    pairs.set(key, pair);
  }
  const requests: ObservedRequests[] = [];
  for (const { bySource, byDestination } of pairs.values()) {
    const counted = bySource.length > 0 ? bySource : byDestination;
    const reported = byDestination.reduce((sum, s) => sum + s.value, 0);
    const mutual = byDestination
      .filter(s => s.metric.connection_security_policy === 'mutual_tls')
      .reduce((sum, s) => sum + s.value, 0);
    const mtlsShare = reported > 0 ? mutual / reported : undefined;
    // One request per code and flags: the reporter's own labels split them no further.
    const merged = new Map<string, ObservedRequests>();
    for (const sample of counted) {
      const m = sample.metric;
      const code = label(m, 'response_code');
      const flags = m.response_flags || '-';
      const key = `${code} ${flags}`;
      const existing = merged.get(key);
      if (existing) {
        existing.rate += sample.value;
        continue;
      }
      const serviceName = label(m, 'destination_service_name');
      const serviceNamespace = label(m, 'destination_service_namespace');
      merged.set(key, {
        source: peer(m, 'source'),
        destination: peer(m, 'destination'),
        ...(serviceName !== UNKNOWN
          ? { service: { namespace: serviceNamespace, name: serviceName } }
          : {}),
        responseCode: code,
        responseFlags: flags,
        rate: sample.value,
      });
    }
    for (const request of merged.values()) {
      requests.push(
        mtlsShare === undefined
          ? request
          : { ...request, mtlsRate: request.rate * mtlsShare },
      );
    }
  }
  return requests;
}
