import { HealthState, HealthViolation, KialiHealth } from '../meshStatus';
import { healthStateOf, isWorse } from './healthStates';
import { KialiWorkloadStatus, podHealth } from './podHealth';
import {
  KialiRequests,
  TrafficOutcome,
  errorCodePercent,
  evaluateRates,
  round2,
  sumRates,
  totalRate,
} from './requestHealth';
import {
  HEALTH_RATE_ANNOTATION,
  HealthRateRule,
  tolerancesFor,
} from './tolerances';

/**
 * One entity of Kiali's namespace health answer, as any Kiali version sends it.
 *
 * @public
 */
export interface KialiEntityHealth {
  requests?: KialiRequests;
  workloadStatus?: KialiWorkloadStatus | null;
  /** Kiali 2.22+: its own verdict, a word or `{status, errorRatio, ...}`. */
  status?: unknown;
}

/** @public */
export interface HealthContext {
  namespace: string;
  name: string;
  /** Configured `health_config.rate` rules (Kiali's defaults come after them). */
  rules?: HealthRateRule[];
}

const directionWords: Record<HealthViolation['direction'], string> = {
  all: '',
  inbound: 'inbound ',
  outbound: 'outbound ',
};

const protocolWords: Record<string, string> = { http: 'HTTP', grpc: 'gRPC' };

/**
 * "3.85% of inbound gRPC requests are gRPC errors (codes 1-16): degraded from 0% (default tolerance)".
 *
 * @public
 */
export function describeViolation(v: HealthViolation): string {
  const protocol = protocolWords[v.protocol] ?? v.protocol;
  const source =
    v.tolerance === 'annotation'
      ? `its ${HEALTH_RATE_ANNOTATION} annotation`
      : `${v.tolerance} tolerance`;
  return `${v.percent.toFixed(2)}% of ${
    directionWords[v.direction]
  }${protocol} requests are ${v.codeClass}: ${v.level} from ${
    v.threshold
  }% (${source})`;
}

function trafficReason(outcome: TrafficOutcome, errorPercent?: number) {
  if (outcome.violation) return describeViolation(outcome.violation);
  if (outcome.status === 'NA') return 'no requests in the rate interval';
  return `${round2(errorPercent ?? 0).toFixed(
    2,
  )}% errors, below every threshold`;
}

function trafficHealth(
  outcome: TrafficOutcome,
  requests: KialiRequests,
): Omit<KialiHealth, 'reason'> & { reason: string } {
  const rate = totalRate(requests.inbound) + totalRate(requests.outbound);
  const errorPercent = outcome.violation
    ? outcome.percent
    : errorCodePercent(sumRates(requests.inbound, requests.outbound));
  return {
    status: outcome.status,
    source: 'tolerances',
    ...(errorPercent !== undefined ? { errorRatio: round2(errorPercent) } : {}),
    requestRate: round2(rate),
    ...(outcome.violation ? { violation: outcome.violation } : {}),
    reason: trafficReason(outcome, errorPercent),
  };
}

/**
 * A service's health as Kiali's UI computes it (1.73 to 2.x before 2.22):
 * its inbound and outbound requests together, under the tolerances of its
 * `health.kiali.io/rate` annotation, the first matching configured rule, or
 * Kiali's defaults.
 *
 * @public
 */
export function serviceHealthFromRequests(
  requests: KialiRequests = {},
  context: HealthContext,
): KialiHealth {
  const tolerances = tolerancesFor({
    ...context,
    kind: 'service',
    annotations: requests.healthAnnotations,
  });
  const outcome = evaluateRates(
    sumRates(requests.inbound, requests.outbound),
    tolerances,
    'all',
  );
  return trafficHealth(outcome, requests);
}

/**
 * A workload's health as Kiali's UI computes it: the worse of its pod status
 * and of its traffic, where inbound and outbound are each judged by the
 * tolerances for their direction.
 *
 * @public
 */
export function workloadHealthFromRequests(
  health: KialiEntityHealth,
  context: HealthContext,
): KialiHealth {
  const requests = health.requests ?? {};
  const tolerances = tolerancesFor({
    ...context,
    kind: 'workload',
    annotations: requests.healthAnnotations,
  });
  const forDirection = (direction: 'inbound' | 'outbound') =>
    evaluateRates(
      requests[direction] ?? {},
      tolerances.filter(t => t.directionPattern.test(direction)),
      direction,
    );
  const inbound = forDirection('inbound');
  const outbound = forDirection('outbound');
  const traffic = trafficHealth(
    isWorse(outbound.status, inbound.status) ? outbound : inbound,
    requests,
  );
  if (!health.workloadStatus) return traffic;
  const pods = podHealth(health.workloadStatus);
  if (!isWorse(pods.status, traffic.status)) return traffic;
  const { violation: _unused, ...rest } = traffic;
  return { ...rest, status: pods.status, reason: `pods: ${pods.reason}` };
}

/**
 * Kiali 2.22+'s own verdict on an entity, if it sent one.
 *
 * @public
 */
export function kialiComputedHealth(
  health: KialiEntityHealth,
): KialiHealth | undefined {
  const verdict = health.status;
  const word =
    verdict && typeof verdict === 'object'
      ? (verdict as Record<string, unknown>).status
      : verdict;
  if (word === undefined) return undefined;
  const status: HealthState = healthStateOf(word) ?? 'NA';
  const details =
    verdict && typeof verdict === 'object'
      ? (verdict as Record<string, unknown>)
      : {};
  const errorRatio =
    typeof details.errorRatio === 'number' && details.errorRatio >= 0
      ? round2(details.errorRatio)
      : undefined;
  const rate =
    typeof details.totalRequestRate === 'number'
      ? round2(details.totalRequestRate)
      : round2(
          totalRate(health.requests?.inbound) +
            totalRate(health.requests?.outbound),
        );
  return {
    status,
    source: 'kiali',
    ...(errorRatio !== undefined ? { errorRatio } : {}),
    requestRate: rate,
    reason: healthStateOf(word)
      ? `computed by Kiali${
          errorRatio !== undefined ? ` (${errorRatio.toFixed(2)}% errors)` : ''
        }`
      : `Kiali sent a status this plugin does not know: ${String(word)}`,
  };
}

/**
 * What the card shows for an entity when Kiali (2.22+) has no health yet.
 *
 * @public
 */
export function noHealthYet(askedAt: string): KialiHealth {
  return {
    status: 'NA',
    source: 'kiali',
    reason: 'Kiali has no health yet',
    noHealthYetAt: askedAt,
  };
}
