import { RequestRateHistory } from '@service-mesh/plugin-service-mesh-common';

/** A [unix seconds, requests per second] point, as the backend answers it. */
export type RatePoint = [number, number];

/** The queried window in unix seconds, and the distance between points. */
export interface RateWindow {
  start: number;
  end: number;
  stepSeconds: number;
}

/** The window of a history document. */
export function rateWindow(history: RequestRateHistory): RateWindow {
  return {
    start: Date.parse(history.start) / 1000,
    end: Date.parse(history.end) / 1000,
    stepSeconds: history.stepSeconds,
  };
}

/**
 * Splits points (in time order) where Prometheus has none for more than one
 * and a half steps, so that a line never bridges missing data.
 */
export function splitAtGaps(
  points: RatePoint[],
  stepSeconds: number,
): RatePoint[][] {
  const runs: RatePoint[][] = [];
  let previous: RatePoint | undefined;
  for (const point of points) {
    if (!previous || point[0] - previous[0] > stepSeconds * 1.5) {
      runs.push([]);
    }
    runs[runs.length - 1].push(point);
    previous = point;
  }
  return runs;
}

/** Seconds between the last point and the end of the window beyond which the last value is no longer "now". */
export function staleAfterSeconds(window: RateWindow): number {
  return window.stepSeconds * 2;
}
