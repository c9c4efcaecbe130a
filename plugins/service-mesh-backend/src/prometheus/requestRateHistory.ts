import { trafficQueries } from './observedTraffic';
import { PrometheusClient } from './prometheusClient';

/** Points per window: enough for a sparkline, few enough for a card. */
const POINTS = 60;

/**
 * Each service's request rate over the last `minutes`, one range query for the
 * whole namespace; services without traffic are absent.
 */
export async function requestRateHistory(
  client: PrometheusClient,
  namespace: string,
  minutes: number,
  now: number = Date.now(),
) {
  const end = Math.floor(now / 1000);
  const start = end - minutes * 60;
  const stepSeconds = Math.max(15, Math.round((minutes * 60) / POINTS));
  const query = trafficQueries(namespace, client.settings.window).requestRate;
  const series = await client.queryRange(
    query,
    { start, end, stepSeconds },
    { namespace },
  );
  const services: Record<string, Array<[number, number]>> = {};
  for (const { metric, points } of series) {
    const service = metric.destination_service_name;
    if (!service || points.length === 0) continue;
    services[service] = points.map(([t, v]) => [
      t,
      Math.round(v * 1000) / 1000,
    ]);
  }
  return {
    start: new Date(start * 1000).toISOString(),
    end: new Date(end * 1000).toISOString(),
    stepSeconds,
    services,
  };
}
