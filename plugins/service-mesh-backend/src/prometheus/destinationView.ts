/**
 * Which series of Istio's request metrics (`istio_requests_total`,
 * `istio_request_duration_milliseconds`) speak for the destination at L7:
 * its sidecar's (`reporter="destination"`) or, in ambient mode where pods
 * have no sidecar, its waypoint's (`reporter="waypoint"`), as Kiali reads
 * them. ztunnel reports no requests, only `istio_tcp_*` (see l4Traffic).
 *
 * A request a waypoint forwards to a pod that has a sidecar (a sidecar
 * workload in an ambient namespace) is reported by both. `destinationView`
 * counts it once: per destination workload the sidecar's reports, which
 * include every request the pod served, and the waypoint's only for
 * workloads without them. A selection of one workload's series (a canary
 * version) may use the matcher alone: there both reporters' figures give the
 * same ratios and percentiles, only a count doubles.
 */
export const DESTINATION_REPORTERS = 'reporter=~"destination|waypoint"';

const SIDECAR = 'reporter="destination"';
const WAYPOINT = 'reporter="waypoint"';
const BY_WORKLOAD = 'on (destination_workload_namespace, destination_workload)';

/**
 * The destination's view as one instant vector, each request once.
 * `series(reporter)` is the vector of one reporter (e.g. a `rate()` of a
 * selector including `reporter`), keeping the destination workload labels;
 * `scope` the matchers that bound the sidecars looked for (a namespace).
 */
export function destinationView(
  series: (reporter: string) => string,
  scope: string,
): string {
  return `(${series(SIDECAR)} or (${series(
    WAYPOINT,
  )} unless ${BY_WORKLOAD} istio_requests_total{${SIDECAR},${scope}}))`;
}
