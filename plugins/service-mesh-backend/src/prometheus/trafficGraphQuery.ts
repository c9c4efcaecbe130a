import {
  ISTIO_GRAPH_LABELS,
  TrafficGraphWindow,
} from '@service-mesh/plugin-service-mesh-common';
import { destinationView } from './destinationView';
import { quoted } from './quoted';

/**
 * The one PromQL query of a namespace's traffic graph: Istio's request rates
 * over the window by reporter, both ends, Service, response code and flags,
 * and connection security. Three disjoint selections in one answer: what the
 * namespace's workloads received (from their sidecars or waypoints), what
 * its proxies sent, and what other namespaces' proxies (an ingress gateway)
 * sent to its Services.
 */
export function trafficGraphQuery(
  namespace: string,
  window: TrafficGraphWindow,
): string {
  const ns = quoted(namespace);
  const rate = (selector: string) =>
    `rate(istio_requests_total{${selector}}[${window}])`;
  const received = `destination_workload_namespace=${ns}`;
  const selections = [
    destinationView(reporter => rate(`${reporter},${received}`), received),
    rate(`reporter="source",source_workload_namespace=${ns}`),
    rate(
      `reporter="source",source_workload_namespace!=${ns},destination_service_namespace=${ns}`,
    ),
  ];
  return `sum by (${ISTIO_GRAPH_LABELS.join(', ')}) (${selections.join(
    ' or ',
  )})`;
}
