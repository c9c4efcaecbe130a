import {
  ISTIO_GRAPH_LABELS,
  TrafficGraphWindow,
} from '@service-mesh/plugin-service-mesh-common';
import { quoted } from './observedTraffic';

/**
 * The one PromQL query of a namespace's traffic graph: Istio's request rates
 * over the window by reporter, both ends, Service, response code and flags,
 * and connection security. Three disjoint selections in one answer: what the
 * namespace's proxies received, what they sent, and what other namespaces'
 * proxies (an ingress gateway) sent to its Services.
 */
export function trafficGraphQuery(
  namespace: string,
  window: TrafficGraphWindow,
): string {
  const ns = quoted(namespace);
  const selections = [
    `reporter="destination",destination_workload_namespace=${ns}`,
    `reporter="source",source_workload_namespace=${ns}`,
    `reporter="source",source_workload_namespace!=${ns},destination_service_namespace=${ns}`,
  ].map(selector => `rate(istio_requests_total{${selector}}[${window}])`);
  return `sum by (${ISTIO_GRAPH_LABELS.join(', ')}) (${selections.join(
    ' or ',
  )})`;
}
