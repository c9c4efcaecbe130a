import { IstioTelemetry, durationBucketsMs } from './istioTelemetry';
import { istioLabelNames } from './istioLabels';

export const PROMETHEUS_CONTENT_TYPE =
  'text/plain; version=0.0.4; charset=utf-8';

const escapeValue = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(labels: Record<string, string>, extra?: [string, string]) {
  const pairs = istioLabelNames.map(
    name => `${name}="${escapeValue(labels[name])}"`,
  );
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
  return `${lines.join('\n')}\n`;
}
