import { RatePoint, RateWindow, splitAtGaps } from './requestRateSeries';

export interface SparklineSize {
  width: number;
  height: number;
  /** Room kept free at each edge for the stroke and the dots. */
  padding: number;
}

export interface SparklineGeometry {
  /** One line per run of points without a gap (SVG path data). */
  lines: string[];
  /** The area under each line, closed along the zero baseline. */
  areas: string[];
  /** Runs of a single point, drawn as dots. */
  dots: Array<{ x: number; y: number }>;
  /** The latest point, marked. */
  last?: { x: number; y: number };
  /** The y of zero requests per second. */
  baseline: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Where the points go: time across the whole window (so missing data shows as
 * missing), requests per second up from zero to the highest value.
 */
export function sparklineGeometry(
  points: RatePoint[],
  window: RateWindow,
  size: SparklineSize,
): SparklineGeometry {
  const { width, height, padding } = size;
  const span = window.end - window.start;
  const max = Math.max(0, ...points.map(([, value]) => value));
  const baseline = height - padding;
  const x = (t: number) => {
    if (span <= 0) return width / 2;
    const share = Math.min(1, Math.max(0, (t - window.start) / span));
    return round(padding + share * (width - 2 * padding));
  };
  const y = (value: number) =>
    round(baseline - (max > 0 ? value / max : 0) * (height - 2 * padding));

  const geometry: SparklineGeometry = {
    lines: [],
    areas: [],
    dots: [],
    baseline,
  };
  for (const run of splitAtGaps(points, window.stepSeconds)) {
    const xy = run.map(([t, value]) => ({ x: x(t), y: y(value) }));
    if (xy.length === 1) {
      geometry.dots.push(xy[0]);
      continue;
    }
    const line = xy
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`)
      .join(' ');
    geometry.lines.push(line);
    geometry.areas.push(
      `${line} L${xy[xy.length - 1].x} ${baseline} L${xy[0].x} ${baseline} Z`,
    );
  }
  const lastPoint = points[points.length - 1];
  if (lastPoint) geometry.last = { x: x(lastPoint[0]), y: y(lastPoint[1]) };
  return geometry;
}
