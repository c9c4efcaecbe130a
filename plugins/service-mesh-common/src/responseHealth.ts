import { HealthState } from './meshStatus';

/** How a set of responses fares, by Kiali's default tolerances. */
export interface ResponseHealth {
  status: HealthState;
  /** Requests per second, all responses together. */
  requestRate: number;
  /** Share of responses that are errors (no response, 4xx, 5xx), in percent. */
  errorPercent: number;
}

/** No response: Istio reports `0`, Kiali `-`. */
export const isNoResponse = (code: string) => code === '0' || code === '-';

/**
 * The health of responses given as requests per second by response code
 * (`200`, `503`, `0` or `-` for no response, or classes like `5xx`), with
 * Kiali's default tolerances: 5xx or no response at 10 % or more is Failure
 * and any is Degraded; 4xx is Degraded from 10 % and Failure from 20 %; no
 * requests is NA.
 */
export function responseHealth(
  rateByCode: Record<string, number>,
): ResponseHealth {
  let total = 0;
  let serverErrors = 0;
  let clientErrors = 0;
  for (const [code, rate] of Object.entries(rateByCode)) {
    total += rate;
    if (isNoResponse(code) || code.startsWith('5')) serverErrors += rate;
    else if (code.startsWith('4')) clientErrors += rate;
  }
  if (total <= 0) return { status: 'NA', requestRate: 0, errorPercent: 0 };
  const serverPercent = (serverErrors / total) * 100;
  const clientPercent = (clientErrors / total) * 100;
  let status: HealthState = 'Healthy';
  if (serverPercent >= 10 || clientPercent >= 20) status = 'Failure';
  else if (serverPercent > 0 || clientPercent >= 10) status = 'Degraded';
  return {
    status,
    requestRate: total,
    errorPercent: serverPercent + clientPercent,
  };
}
