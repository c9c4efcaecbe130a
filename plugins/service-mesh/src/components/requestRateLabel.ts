import { formatRate, formatRateRange } from './format';
import {
  RatePoint,
  RateWindow,
  splitAtGaps,
  staleAfterSeconds,
} from './requestRateSeries';

const minutesText = (minutes: number) =>
  `${minutes} minute${minutes === 1 ? '' : 's'}`;

/**
 * What a request-rate sparkline shows, in words, e.g. `Request rate of carts
 * over the last 30 minutes: 0.20 to 1.70 req/s, now 1.60 req/s`.
 */
export function requestRateLabel(
  service: string,
  points: RatePoint[],
  window: RateWindow,
): string {
  const over = `Request rate of ${service} over the last ${minutesText(
    Math.round((window.end - window.start) / 60),
  )}`;
  if (points.length === 0) return `${over}: no traffic`;

  const values = points.map(([, value]) => value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const [lastTime, lastValue] = points[points.length - 1];
  const lag = window.end - lastTime;
  const stale = lag > staleAfterSeconds(window);

  const parts: string[] = [];
  if (points.length === 1) {
    parts.push(`a single point of ${formatRate(lastValue)}`);
  } else if (min === max) {
    parts.push(`steady at ${formatRate(min)}`);
  } else {
    parts.push(
      formatRateRange(min, max),
      `${stale ? 'last' : 'now'} ${formatRate(lastValue)}`,
    );
  }
  if (splitAtGaps(points, window.stepSeconds).length > 1) {
    parts.push('with gaps');
  }
  if (stale) {
    parts.push(
      `no data for the last ${minutesText(Math.max(1, Math.round(lag / 60)))}`,
    );
  }
  return `${over}: ${parts.join(', ')}`;
}
