import { Hop } from './hop';
import { istioLabelNames, istioLabels } from './istioLabels';

/** The labels of ztunnel's `istio_tcp_*` metrics: Istio's, without response_code. */
export const tcpLabelNames = istioLabelNames.filter(
  name => name !== 'response_code',
);
export type TcpLabels = Record<(typeof tcpLabelNames)[number], string>;

/** What one synthetic request and its answer weigh on the wire. */
export const requestBytes = 512;
export const responseBytes = 2048;

export interface TcpSeries {
  labels: TcpLabels;
  /** One connection per request: the synthetic load keeps none alive. */
  connections: number;
  receivedBytes: number;
  sentBytes: number;
}

/** The destination ztunnel's labels for a hop to an ambient pod: L4, so `tcp` and no response code. */
export function ztunnelLabels(hop: Hop): TcpLabels {
  const { response_code: _, ...labels } = istioLabels(hop, 'destination');
  return { ...labels, request_protocol: 'tcp', response_flags: '-' };
}

const keyOf = (labels: TcpLabels) =>
  tcpLabelNames.map(name => labels[name]).join('\u0000');

/**
 * ztunnel's L4 metrics for the ambient pods it serves: without a waypoint
 * nothing in the path sees HTTP, so the destination's ztunnel reports
 * connections and bytes only (reporter `destination`).
 */
export class ZtunnelTelemetry {
  private readonly series = new Map<string, TcpSeries>();

  record(hop: Hop) {
    if (!hop.destinationAmbient || !hop.destinationPod) return;
    const labels = ztunnelLabels(hop);
    const key = keyOf(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, connections: 0, receivedBytes: 0, sentBytes: 0 };
      this.series.set(key, entry);
    }
    entry.connections += 1;
    entry.receivedBytes += requestBytes;
    entry.sentBytes += responseBytes;
  }

  all(): TcpSeries[] {
    return [...this.series.values()];
  }
}
