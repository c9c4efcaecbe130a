import { ObservedL4Traffic } from '@service-mesh/plugin-service-mesh-common';
import { PrometheusClient } from './prometheusClient';
import { quoted } from './quoted';

/**
 * The PromQL of ztunnel's L4 figures per service of a namespace: connections
 * opened and bytes both ways, as the destination's ztunnel reports them
 * (`reporter="destination"`; a sidecar reports `istio_tcp_*` only for
 * plain TCP, which these figures then include).
 */
export function l4Queries(namespace: string, window: string) {
  const selector = `reporter="destination",destination_service_namespace=${quoted(
    namespace,
  )}`;
  // rate() drops the metric name: each direction gets a label, so that the two stay apart until summed.
  const bytes = (direction: 'received' | 'sent') =>
    `label_replace(rate(istio_tcp_${direction}_bytes_total{${selector}}[${window}]), "direction", "${direction}", "", "")`;
  return {
    connectionRate: `sum by (destination_service_name) (rate(istio_tcp_connections_opened_total{${selector}}[${window}]))`,
    byteRate: `sum by (destination_service_name) (${bytes(
      'received',
    )} or ${bytes('sent')})`,
  };
}

const round = (n: number, digits: number) =>
  Math.round(n * 10 ** digits) / 10 ** digits;

/** ztunnel's L4 figures per service of a namespace; services without connections or bytes are absent. */
export async function observedL4Traffic(
  client: PrometheusClient,
  namespace: string,
): Promise<Record<string, ObservedL4Traffic>> {
  const queries = l4Queries(namespace, client.settings.window);
  const [connections, bytes] = await Promise.all([
    client.query(queries.connectionRate, { namespace }),
    client.query(queries.byteRate, { namespace }),
  ]);
  const rates = (samples: typeof connections) =>
    new Map(samples.map(s => [s.metric.destination_service_name, s.value]));
  const connectionRates = rates(connections);
  const byteRates = rates(bytes);
  const result: Record<string, ObservedL4Traffic> = {};
  // Long-lived connections carry bytes without new ones opening: either figure counts.
  for (const service of new Set([
    ...connectionRates.keys(),
    ...byteRates.keys(),
  ])) {
    const connectionRate = connectionRates.get(service) ?? 0;
    const byteRate = byteRates.get(service) ?? 0;
    if (!service || !(connectionRate > 0 || byteRate > 0)) continue;
    result[service] = {
      connectionRate: round(connectionRate, 3),
      byteRate: round(byteRate, 1),
    };
  }
  return result;
}
