import { Hop } from './hop';
import { ZtunnelTelemetry } from './ztunnelTelemetry';
import {
  IstioLabels,
  istioLabelNames,
  istioLabels,
  reportersOf,
} from './istioLabels';

/** Envoy's default histogram bucket bounds in milliseconds (api-facts §2.1). */
export const durationBucketsMs = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
  300000, 600000, 1800000, 3600000,
];

export interface RequestSeries {
  labels: IstioLabels;
  requests: number;
  /** Cumulative counts per bucket bound (without +Inf, which is `requests`). */
  buckets: number[];
  durationSumMs: number;
}

interface Checkpoint {
  time: number;
  counts: Map<string, number>;
}

/** How far back request rates can look (Kiali's default rate interval). */
const HISTORY_SECONDS = 600;

const keyOf = (labels: IstioLabels) =>
  istioLabelNames.map(name => labels[name]).join('\u0000');

/**
 * Istio's standard HTTP metrics, as all proxies of the sandbox would report
 * them, on a simulated clock that the traffic generator advances: rates are
 * exact for the load generated, however fast or slow the tests run.
 */
export class IstioTelemetry {
  /** ztunnel's L4 series, for hops to ambient pods. */
  readonly tcp = new ZtunnelTelemetry();
  private readonly series = new Map<string, RequestSeries>();
  private readonly history: Checkpoint[] = [{ time: 0, counts: new Map() }];
  private clock = 0;

  record(hop: Hop, durationMs = hop.durationMs) {
    this.tcp.record(hop);
    for (const reporter of reportersOf(hop)) {
      const labels = istioLabels(hop, reporter);
      const key = keyOf(labels);
      let entry = this.series.get(key);
      if (!entry) {
        entry = {
          labels,
          requests: 0,
          buckets: durationBucketsMs.map(() => 0),
          durationSumMs: 0,
        };
        this.series.set(key, entry);
      }
      entry.requests += 1;
      entry.durationSumMs += durationMs;
      durationBucketsMs.forEach((bound, i) => {
        if (durationMs <= bound) entry!.buckets[i] += 1;
      });
    }
  }

  all(): RequestSeries[] {
    return [...this.series.values()];
  }

  /** Simulated seconds of traffic so far. */
  get now() {
    return this.clock;
  }

  /** Moves the simulated clock after a batch of traffic and checkpoints counters. */
  advance(seconds: number) {
    if (seconds <= 0) return;
    this.clock += seconds;
    const counts = new Map<string, number>();
    for (const [key, entry] of this.series) counts.set(key, entry.requests);
    this.history.push({ time: this.clock, counts });
    const horizon = this.clock - HISTORY_SECONDS;
    while (this.history.length > 2 && this.history[1].time <= horizon)
      this.history.shift();
  }

  /** Requests per second of every series over the last window (capped at 10 min). */
  rates(
    windowSeconds = HISTORY_SECONDS,
  ): { labels: IstioLabels; rate: number }[] {
    const since = this.clock - windowSeconds;
    const base =
      this.history.find(c => c.time >= since) ??
      this.history[this.history.length - 1];
    const elapsed = this.clock - base.time;
    if (elapsed <= 0) return [];
    const result: { labels: IstioLabels; rate: number }[] = [];
    for (const [key, entry] of this.series) {
      const delta = entry.requests - (base.counts.get(key) ?? 0);
      if (delta > 0)
        result.push({ labels: entry.labels, rate: delta / elapsed });
    }
    return result;
  }
}
