import { IstioTelemetry, durationBucketsMs } from './istioTelemetry';
import { istioLabelNames } from './istioLabels';
import { TcpSeries, tcpLabelNames } from './ztunnelTelemetry';

export const PROMETHEUS_CONTENT_TYPE =
  'text/plain; version=0.0.4; charset=utf-8';

const escapeValue = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(
  labels: Record<string, string>,
  extra?: [string, string],
  names: readonly string[] = istioLabelNames,
) {
  const pairs = names.map(name => `${name}="${escapeValue(labels[name])}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeValue(extra[1])}"`);
  return `{${pairs.join(',')}}`;
}

const formatBound = (bound: number) => String(bound);

/** The telemetry in Prometheus text exposition format 0.0.4. */
export function prometheusText(telemetry: IstioTelemetry): string {
  const series = telemetry.all();
  const lines: string[] = [
    '# HELP istio_requests_total Total number of requests handled by the proxy.',
    '# TYPE istio_requests_total counter',
  ];
  for (const s of series) {
    lines.push(`istio_requests_total${labelText(s.labels)} ${s.requests}`);
  }
  lines.push(
    '# HELP istio_request_duration_milliseconds Duration of requests handled by the proxy, in milliseconds.',
    '# TYPE istio_request_duration_milliseconds histogram',
  );
  for (const s of series) {
    durationBucketsMs.forEach((bound, i) => {
      lines.push(
        `istio_request_duration_milliseconds_bucket${labelText(s.labels, [
          'le',
          formatBound(bound),
        ])} ${s.buckets[i]}`,
      );
    });
    lines.push(
      `istio_request_duration_milliseconds_bucket${labelText(s.labels, [
        'le',
        '+Inf',
      ])} ${s.requests}`,
      `istio_request_duration_milliseconds_sum${labelText(s.labels)} ${
        s.durationSumMs
      }`,
      `istio_request_duration_milliseconds_count${labelText(s.labels)} ${
        s.requests
      }`,
    );
  }
  lines.push(...tcpText(telemetry));
  return `${lines.join('\n')}\n`;
}

const tcpCounters: [string, string, (s: TcpSeries) => number][] = [
  [
    'istio_tcp_connections_opened_total',
    'Total number of TCP connections opened.',
    s => s.connections,
  ],
  [
    'istio_tcp_connections_closed_total',
    'Total number of TCP connections closed.',
    s => s.connections,
  ],
  [
    'istio_tcp_received_bytes_total',
    'Total number of bytes received.',
    s => s.receivedBytes,
  ],
  [
    'istio_tcp_sent_bytes_total',
    'Total number of bytes sent.',
    s => s.sentBytes,
  ],
];

/** ztunnel's L4 counters, present once some hop reached an ambient pod. */
function tcpText(telemetry: IstioTelemetry): string[] {
  const series = telemetry.tcp.all();
  if (series.length === 0) return [];
  return tcpCounters.flatMap(([name, help, value]) => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} counter`,
    ...series.map(
      s =>
        `${name}${labelText(s.labels, undefined, tcpLabelNames)} ${value(s)}`,
    ),
  ]);
}
