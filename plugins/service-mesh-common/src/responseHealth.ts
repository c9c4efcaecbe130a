import { HealthState } from './meshStatus';
import {
  KIALI_DEFAULT_RATE_RULE,
  compileTolerance,
} from './kialiHealth/tolerances';
import { evaluateRates } from './kialiHealth/requestHealth';

/**
 * How a set of responses fares, by Kiali's default tolerances.
 *
 * @public
 */
export interface ResponseHealth {
  status: HealthState;
  /** Requests per second, all responses together. */
  requestRate: number;
  /** Share of responses that are errors (no response, 4xx, 5xx), in percent. */
  errorPercent: number;
}

/**
 * No response: Istio reports `0`, Kiali `-`.
 *
 * @public
 */
export const isNoResponse = (code: string): boolean =>
  code === '0' || code === '-';

const defaultTolerances = KIALI_DEFAULT_RATE_RULE.tolerance.map(t =>
  compileTolerance(t, 'default'),
);

/** A code class (`5xx`, from Kiali's graph rates) as a code of that class, which the tolerances match alike. */
const asCode = (code: string) =>
  isNoResponse(code) ? '-' : code.replace(/^([1-5])xx$/i, '$100');

/**
 * The health of HTTP responses given as requests per second by response code
 * (`200`, `503`, `0` or `-` for no response) or class (`5xx`), judged as Kiali
 * judges an edge with its default tolerances (the same code as the card's
 * Kiali health).
 *
 * @public
 */
export function responseHealth(
  rateByCode: Record<string, number>,
): ResponseHealth {
  const codes: Record<string, number> = {};
  let total = 0;
  let errors = 0;
  for (const [code, rate] of Object.entries(rateByCode)) {
    const kialiCode = asCode(code);
    codes[kialiCode] = (codes[kialiCode] ?? 0) + rate;
    total += rate;
    if (kialiCode === '-' || /^[45]/.test(kialiCode)) errors += rate;
  }
  if (total <= 0) return { status: 'NA', requestRate: 0, errorPercent: 0 };
  const { status } = evaluateRates(
    { http: codes },
    defaultTolerances,
    'inbound',
  );
  return { status, requestRate: total, errorPercent: (errors / total) * 100 };
}
