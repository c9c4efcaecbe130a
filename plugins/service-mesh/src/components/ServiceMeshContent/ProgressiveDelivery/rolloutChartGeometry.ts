import {
  RolloutChecks,
  RolloutEvent,
} from '@service-mesh/plugin-service-mesh-common';

export interface RolloutChartSize {
  width: number;
  /** Height of each of the three lanes (weight, success rate, p99). */
  laneHeight: number;
  /** Space between lanes, for the lane's title. */
  gap: number;
  /** Room on the left for the scale labels. */
  left: number;
  /** Room kept free at the right edge for the dots. */
  right: number;
}

export interface ChartPoint {
  x: number;
  y: number;
  value: number;
  at: string;
}

/** One lane: its vertical extent, its scale, and the threshold's y when it has one. */
export interface ChartLane {
  top: number;
  bottom: number;
  min: number;
  max: number;
  thresholdY?: number;
  points: ChartPoint[];
}

export interface RolloutChartGeometry {
  height: number;
  /** The canary's weight over the run, as steps (SVG path data). */
  weightLine: string;
  weight: ChartLane;
  successRate: ChartLane;
  p99: ChartLane;
  /** The run's first and last event times, at the left and right ends. */
  start: string;
  end: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

function lane(
  index: number,
  size: RolloutChartSize,
  min: number,
  max: number,
): Omit<ChartLane, 'points'> {
  const top = size.gap + index * (size.laneHeight + size.gap);
  return { top, bottom: top + size.laneHeight, min, max };
}

function yIn(l: Omit<ChartLane, 'points'>, value: number): number {
  const share = l.max > l.min ? (value - l.min) / (l.max - l.min) : 0;
  return round(l.bottom - Math.min(1, Math.max(0, share)) * (l.bottom - l.top));
}

/**
 * Where the run goes: time from the first event to the last across the
 * width; the canary weight from 0 to 100 %; the success rate from just below
 * the lowest value or threshold to 100 %; p99 from 0 to a little above the
 * highest value or threshold. Checks without requests have no figures and
 * no point.
 */
export function rolloutChartGeometry(
  timeline: RolloutEvent[],
  checks: RolloutChecks,
  size: RolloutChartSize,
): RolloutChartGeometry {
  const events = [...timeline].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  const first = events.length > 0 ? Date.parse(events[0].at) : 0;
  const last = events.length > 0 ? Date.parse(events[events.length - 1].at) : 0;
  const span = last - first;
  const x = (at: string) => {
    const inner = size.width - size.left - size.right;
    if (span <= 0) return round(size.left + inner / 2);
    return round(size.left + ((Date.parse(at) - first) / span) * inner);
  };

  const rates = events.flatMap(e =>
    e.results && e.results.successRatePercent !== null
      ? [{ at: e.at, value: e.results.successRatePercent }]
      : [],
  );
  const latencies = events.flatMap(e =>
    e.results && e.results.p99LatencyMs !== null
      ? [{ at: e.at, value: e.results.p99LatencyMs }]
      : [],
  );

  const weightLane = lane(0, size, 0, 100);
  const lowestRate = Math.min(
    checks.minSuccessRatePercent,
    ...rates.map(r => r.value),
  );
  const successLane = lane(
    1,
    size,
    Math.max(0, Math.floor(lowestRate) - 1),
    100,
  );
  const highestLatency = Math.max(
    checks.maxP99LatencyMs,
    ...latencies.map(l => l.value),
  );
  const p99Lane = lane(2, size, 0, Math.ceil(highestLatency * 1.1));

  const weightPoints = events.map(e => ({
    x: x(e.at),
    y: yIn(weightLane, e.weight),
    value: e.weight,
    at: e.at,
  }));
  // Steps: a weight holds until the next event changes it.
  const weightLine = weightPoints
    .map((p, i) => (i === 0 ? `M${p.x} ${p.y}` : `H${p.x} V${p.y}`))
    .join(' ');

  const toPoints = (l: Omit<ChartLane, 'points'>, values: typeof rates) =>
    values.map(v => ({
      x: x(v.at),
      y: yIn(l, v.value),
      value: v.value,
      at: v.at,
    }));

  return {
    height: 3 * (size.laneHeight + size.gap) + size.gap,
    weightLine,
    weight: { ...weightLane, points: weightPoints },
    successRate: {
      ...successLane,
      thresholdY: yIn(successLane, checks.minSuccessRatePercent),
      points: toPoints(successLane, rates),
    },
    p99: {
      ...p99Lane,
      thresholdY: yIn(p99Lane, checks.maxP99LatencyMs),
      points: toPoints(p99Lane, latencies),
    },
    start: events[0]?.at ?? '',
    end: events[events.length - 1]?.at ?? '',
  };
}
