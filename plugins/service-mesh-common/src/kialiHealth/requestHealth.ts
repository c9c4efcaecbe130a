import { HealthState, HealthViolation } from '../meshStatus';
import { isWorse } from './healthStates';
import { CompiledTolerance, codeClassOf } from './tolerances';

/**
 * Request rates by protocol, then response code, as Kiali's health API gives them.
 *
 * @public
 */
export type RequestRates = Record<string, Record<string, number>>;

/**
 * The `requests` of Kiali's service, workload and app health.
 *
 * @public
 */
export interface KialiRequests {
  inbound?: RequestRates;
  outbound?: RequestRates;
  healthAnnotations?: Record<string, string>;
}

/** @public */
export interface TrafficOutcome {
  status: HealthState;
  violation?: HealthViolation;
  /** Percent of the deciding tolerance's codes; -1 without requests. */
  percent: number;
}

const NO_TRAFFIC: TrafficOutcome = { status: 'NA', percent: -1 };

/** @public */
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Kiali UI's ascendingThresholdCheck: only a share above 0 can degrade. */
function stateOf(percent: number, tolerance: CompiledTolerance) {
  if (percent > 0 && percent >= tolerance.failure)
    return { status: 'Failure' as const, level: 'failure' as const };
  if (percent > 0 && percent >= tolerance.degraded)
    return { status: 'Degraded' as const, level: 'degraded' as const };
  return { status: 'Healthy' as const };
}

/**
 * The traffic state of one set of request rates under tolerances, as Kiali's
 * UI computes it: per tolerance and per protocol it matches, the share of
 * that protocol's requests whose code matches the tolerance; the worst state
 * wins, the first tolerance among equals.
 *
 * @public
 */
export function evaluateRates(
  rates: RequestRates,
  tolerances: CompiledTolerance[],
  direction: HealthViolation['direction'],
): TrafficOutcome {
  let outcome = NO_TRAFFIC;
  for (const tolerance of tolerances) {
    for (const [protocol, codes] of Object.entries(rates)) {
      if (!tolerance.protocolPattern.test(protocol)) continue;
      let total = 0;
      let errors = 0;
      for (const [code, rate] of Object.entries(codes)) {
        total += rate;
        if (tolerance.codePattern.test(code)) errors += rate;
      }
      if (total <= 0) continue;
      const percent = (errors / total) * 100;
      const state = stateOf(percent, tolerance);
      if (!isWorse(state.status, outcome.status)) continue;
      outcome = {
        status: state.status,
        percent,
        ...(state.level
          ? {
              violation: {
                direction,
                protocol,
                codes: tolerance.code,
                codeClass: codeClassOf(tolerance.code),
                percent: round2(percent),
                threshold:
                  state.level === 'failure'
                    ? tolerance.failure
                    : tolerance.degraded,
                level: state.level,
                tolerance: tolerance.origin,
              },
            }
          : {}),
      };
    }
  }
  return outcome;
}

/**
 * Inbound and outbound added up per protocol and code (Kiali's sumRequests).
 *
 * @public
 */
export function sumRates(a: RequestRates = {}, b: RequestRates = {}) {
  const result: RequestRates = {};
  for (const rates of [a, b]) {
    for (const [protocol, codes] of Object.entries(rates)) {
      const target = (result[protocol] ??= {});
      for (const [code, rate] of Object.entries(codes))
        target[code] = (target[code] ?? 0) + rate;
    }
  }
  return result;
}

/** @public */
export function totalRate(rates: RequestRates = {}): number {
  let total = 0;
  for (const codes of Object.values(rates))
    for (const rate of Object.values(codes)) total += rate;
  return total;
}

const defaultErrorCodes: Record<string, RegExp> = {
  http: /^[45]\d\d$/,
  grpc: /^[1-9]$|^1[0-6]$/,
};

/**
 * Kiali UI's error ratio shown for healthy traffic: 4xx, 5xx and gRPC 1-16 over all requests.
 *
 * @public
 */
export function errorCodePercent(rates: RequestRates = {}): number | undefined {
  let total = 0;
  let errors = 0;
  for (const [protocol, codes] of Object.entries(rates)) {
    for (const [code, rate] of Object.entries(codes)) {
      total += rate;
      if (defaultErrorCodes[protocol]?.test(code)) errors += rate;
    }
  }
  return total > 0 ? (errors / total) * 100 : undefined;
}
