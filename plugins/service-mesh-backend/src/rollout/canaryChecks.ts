import { RolloutCheckResults } from '@service-mesh/plugin-service-mesh-common';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { quoted } from '../prometheus/observedTraffic';
import {
  DESTINATION_REPORTERS,
  destinationView,
} from '../prometheus/destinationView';

/** Which version's traffic the checks look at. */
export interface CanaryTarget {
  namespace: string;
  /** `destination_service_name`: the Kubernetes Service. */
  service: string;
  /** `destination_version`: the pods' `version` label. */
  version: string;
}

/**
 * The PromQL of a canary check over `interval` (a Prometheus duration), as
 * the destination's proxy reports it: the request count, the non-5xx share
 * in percent (Flagger's request-success-rate) and the p99 request duration
 * from Istio's histogram (Flagger's request-duration). The count takes each
 * request once where a waypoint and a sidecar both report it; the ratio and
 * the percentile are the same from either.
 */
export function canaryCheckQueries(target: CanaryTarget, interval: string) {
  const version = [
    `destination_service_namespace=${quoted(target.namespace)}`,
    `destination_service_name=${quoted(target.service)}`,
    `destination_version=${quoted(target.version)}`,
  ].join(',');
  const selector = `${DESTINATION_REPORTERS},${version}`;
  const requests = `sum(rate(istio_requests_total{${selector}}[${interval}]))`;
  const increase = (reporter: string) =>
    `increase(istio_requests_total{${reporter},${version}}[${interval}])`;
  return {
    requestCount: `sum(${destinationView(
      increase,
      `destination_workload_namespace=${quoted(target.namespace)}`,
    )})`,
    successRatePercent: `100 * sum(rate(istio_requests_total{${selector},response_code!~"5.."}[${interval}])) / ${requests}`,
    p99LatencyMs: `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${selector}}[${interval}])))`,
  };
}

const round = (n: number, digits: number) =>
  Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * One interval's check results for the canary: three instant queries. No
 * traffic gives 0 requests and no rate or latency (Prometheus answers an
 * empty vector or NaN), which the decision treats as inconclusive.
 */
export async function canaryCheckResults(
  client: PrometheusClient,
  target: CanaryTarget,
  interval: string,
): Promise<RolloutCheckResults> {
  const queries = canaryCheckQueries(target, interval);
  // a tenancy endpoint (OpenShift's Thanos querier on 9092) answers for the namespace only
  const scope = { namespace: target.namespace };
  const [count, success, p99] = await Promise.all([
    client.query(queries.requestCount, scope),
    client.query(queries.successRatePercent, scope),
    client.query(queries.p99LatencyMs, scope),
  ]);
  const only = (samples: typeof count) =>
    samples.length > 0 ? samples[0].value : null;
  const requests = only(count);
  const rate = only(success);
  const latency = only(p99);
  return {
    requests: requests === null ? 0 : Math.round(requests),
    successRatePercent: rate === null ? null : round(rate, 2),
    p99LatencyMs: latency === null ? null : round(latency, 1),
  };
}
