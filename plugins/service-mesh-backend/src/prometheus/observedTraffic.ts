import {
  ObservedTraffic,
  toPercentages,
} from '@service-mesh/plugin-service-mesh-common';
import { destinationView } from './destinationView';
import { observedL4Traffic } from './l4Traffic';
import { PrometheusClient } from './prometheusClient';
import { quoted } from './quoted';

/** Kept here for the modules that import it from this one. */
export { quoted };

/** The PromQL of each figure, for all services of a namespace at once, as the destinations' sidecars or waypoints report it. */
export function trafficQueries(namespace: string, window: string) {
  const scope = `destination_service_namespace=${quoted(namespace)}`;
  const rate = (metric: string, matchers = '') =>
    destinationView(
      reporter => `rate(${metric}{${reporter},${scope}${matchers}}[${window}])`,
      scope,
    );
  const requests = rate('istio_requests_total');
  return {
    requestRate: `sum by (destination_service_name) ${requests}`,
    errorRate: `sum by (destination_service_name) ${rate(
      'istio_requests_total',
      ',response_code=~"5.."',
    )}`,
    versionRate: `sum by (destination_service_name, destination_version) ${requests}`,
    latencyP95: `histogram_quantile(0.95, sum by (le, destination_service_name) ${rate(
      'istio_request_duration_milliseconds_bucket',
    )})`,
  };
}

const round = (n: number, digits: number) =>
  Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * What Prometheus observed per service of a namespace: request rate, 5xx
 * ratio, p95 latency and the split between versions from the destinations'
 * sidecars or waypoints, and ztunnel's L4 figures. Six queries, whatever the
 * number of services; services without traffic are absent.
 */
export async function observedTraffic(
  client: PrometheusClient,
  namespace: string,
): Promise<Record<string, ObservedTraffic>> {
  const queries = trafficQueries(namespace, client.settings.window);
  const scoped = { namespace };
  const [requests, errors, versions, latency, l4] = await Promise.all([
    client.query(queries.requestRate, scoped),
    client.query(queries.errorRate, scoped),
    client.query(queries.versionRate, scoped),
    client.query(queries.latencyP95, scoped),
    observedL4Traffic(client, namespace),
  ]);
  const byService = (samples: typeof requests) =>
    new Map(samples.map(s => [s.metric.destination_service_name, s.value]));
  const errorRates = byService(errors);
  const latencies = byService(latency);
  const result: Record<string, ObservedTraffic> = {};
  for (const [service, rate] of byService(requests)) {
    if (!service || rate <= 0) continue;
    const rates: Record<string, number> = {};
    for (const s of versions.filter(
      v => v.metric.destination_service_name === service,
    )) {
      const version = s.metric.destination_version || 'unknown';
      rates[version] = (rates[version] ?? 0) + s.value;
    }
    const p95 = latencies.get(service);
    result[service] = {
      requestRate: round(rate, 3),
      errorRatio: round((errorRates.get(service) ?? 0) / rate, 4),
      ...(p95 !== undefined && Number.isFinite(p95)
        ? { latencyP95Ms: round(p95, 1) }
        : {}),
      splitByVersion: toPercentages(rates),
    };
  }
  for (const [service, figures] of Object.entries(l4))
    result[service] = { ...result[service], l4: figures };
  return result;
}
