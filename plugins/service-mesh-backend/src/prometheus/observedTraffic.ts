import {
  ObservedTraffic,
  toPercentages,
} from '@service-mesh/plugin-service-mesh-common';
import { PrometheusClient } from './prometheusClient';

/** A PromQL string literal. */
export const quoted = (value: string) =>
  `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The PromQL of each figure, for all services of a namespace at once. */
export function trafficQueries(namespace: string, window: string) {
  const selector = `reporter="destination",destination_service_namespace=${quoted(
    namespace,
  )}`;
  return {
    requestRate: `sum by (destination_service_name) (rate(istio_requests_total{${selector}}[${window}]))`,
    errorRate: `sum by (destination_service_name) (rate(istio_requests_total{${selector},response_code=~"5.."}[${window}]))`,
    versionRate: `sum by (destination_service_name, destination_version) (rate(istio_requests_total{${selector}}[${window}]))`,
    latencyP95: `histogram_quantile(0.95, sum by (le, destination_service_name) (rate(istio_request_duration_milliseconds_bucket{${selector}}[${window}])))`,
  };
}

const round = (n: number, digits: number) =>
  Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * What Prometheus observed per service of a namespace: request rate, 5xx ratio,
 * p95 latency and the split between versions. Four queries, whatever the
 * number of services; services without traffic are absent.
 */
export async function observedTraffic(
  client: PrometheusClient,
  namespace: string,
): Promise<Record<string, ObservedTraffic>> {
  const queries = trafficQueries(namespace, client.settings.window);
  const [requests, errors, versions, latency] = await Promise.all([
    client.query(queries.requestRate),
    client.query(queries.errorRate),
    client.query(queries.versionRate),
    client.query(queries.latencyP95),
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
  return result;
}
