import { IstioLabels } from '../traffic/istioLabels';
import { IstioTelemetry } from '../traffic/istioTelemetry';

export type RateRow = { labels: IstioLabels; rate: number };

/** `10m`, `600s`, `1h` -> seconds (Kiali's rateInterval / duration). */
export function durationSeconds(
  value: string | null,
  fallback: number,
): number {
  const match = value?.match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/);
  if (!match) return fallback;
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? 's']!;
  return Number(match[1]) * unit;
}

/** protocol -> response code -> req/s, as Kiali's RequestHealth holds it. */
export type CodeRates = Record<string, Record<string, number>>;

export interface RequestHealth {
  inbound: CodeRates;
  outbound: CodeRates;
  healthAnnotations: Record<string, string>;
}

/**
 * Kiali's code of a request: `-` when there was no response (code 0, any
 * protocol), the gRPC status for gRPC (when the metric carries one), else
 * the HTTP code.
 */
function codeOf(labels: IstioLabels): string {
  if (labels.response_code === '0') return '-';
  const grpcStatus = (labels as Partial<Record<string, string>>)
    .grpc_response_status;
  if (labels.request_protocol === 'grpc' && grpcStatus !== undefined)
    return grpcStatus;
  return labels.response_code;
}

function add(rates: CodeRates, labels: IstioLabels, rate: number) {
  const protocol = (rates[labels.request_protocol] ??= {});
  const code = codeOf(labels);
  protocol[code] = (protocol[code] ?? 0) + rate;
}

/** Kiali's CombineReporters: per code, the larger of what either reporter saw. */
function combine(bySource: CodeRates, byDestination: CodeRates): CodeRates {
  const result: CodeRates = {};
  for (const rates of [bySource, byDestination]) {
    for (const [protocol, codes] of Object.entries(rates)) {
      const target = (result[protocol] ??= {});
      for (const [code, rate] of Object.entries(codes))
        target[code] = Math.max(target[code] ?? 0, rate);
    }
  }
  return result;
}

/**
 * Request health of whatever `inbound`/`outbound` pick out: inbound merges
 * both reporters, outbound is what the callers' proxies reported.
 */
export function requestHealth(
  rows: RateRow[],
  inbound: (l: IstioLabels) => boolean,
  outbound: (l: IstioLabels) => boolean,
  healthAnnotations: Record<string, string> = {},
): RequestHealth {
  const inSource: CodeRates = {};
  const inDestination: CodeRates = {};
  const out: CodeRates = {};
  for (const { labels, rate } of rows) {
    if (inbound(labels))
      add(
        labels.reporter === 'source' ? inSource : inDestination,
        labels,
        rate,
      );
    if (outbound(labels) && labels.reporter === 'source')
      add(out, labels, rate);
  }
  return {
    inbound: combine(inSource, inDestination),
    outbound: out,
    healthAnnotations,
  };
}

export function rateRows(
  telemetry: IstioTelemetry,
  url: URL,
  param = 'rateInterval',
) {
  return telemetry.rates(durationSeconds(url.searchParams.get(param), 600));
}
