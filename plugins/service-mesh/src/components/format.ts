import { ObservedL4Traffic } from '@service-mesh/plugin-service-mesh-common';

/** Requests per second, e.g. `12.3 req/s`. */
export function formatRate(rate: number | undefined): string {
  if (rate === undefined) return 'no data';
  const digits = rate !== 0 && rate < 10 ? 2 : 1;
  return `${rate.toFixed(digits)} req/s`;
}

/** A range of requests per second with the digits of its top, e.g. `0.20 to 1.70 req/s`. */
export function formatRateRange(min: number, max: number): string {
  const digits = max !== 0 && max < 10 ? 2 : 1;
  return `${min.toFixed(digits)} to ${max.toFixed(digits)} req/s`;
}

/** An error ratio (0..1) as a percentage, e.g. `0.4% errors`. */
export function formatErrorRatio(ratio: number | undefined): string {
  if (ratio === undefined) return 'no data';
  return `${(ratio * 100).toFixed(ratio !== 0 && ratio < 0.1 ? 2 : 1)}% errors`;
}

/** A latency, e.g. `42 ms`. */
export function formatLatency(ms: number | undefined): string {
  if (ms === undefined) return 'no data';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** `{v1: 80, v2: 20}` -> `v1 80%, v2 20%`, versions sorted. */
export function formatSplit(split: Record<string, number>): string {
  return Object.entries(split)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, share]) => `${version} ${Math.round(share)}%`)
    .join(', ');
}

/** What the card and tab say of a service only ztunnel sees (ambient without a waypoint). */
export const L4_ONLY = 'L4 only (ambient, no waypoint)';

/** Bytes per second, e.g. `512 B/s`, `18.1 KiB/s`, `2.4 MiB/s`. */
export function formatByteRate(bytesPerSecond: number): string {
  if (bytesPerSecond < 1024) return `${Math.round(bytesPerSecond)} B/s`;
  const kib = bytesPerSecond / 1024;
  if (kib < 1024) return `${kib.toFixed(1)} KiB/s`;
  return `${(kib / 1024).toFixed(1)} MiB/s`;
}

/** ztunnel's L4 figures, e.g. `7.25 connections/s, 18.1 KiB/s`. */
export function formatL4(l4: ObservedL4Traffic | undefined): string {
  if (!l4) return 'no connections';
  const digits = l4.connectionRate !== 0 && l4.connectionRate < 10 ? 2 : 1;
  return `${l4.connectionRate.toFixed(digits)} connections/s, ${formatByteRate(
    l4.byteRate,
  )}`;
}
