/** @public */
export type RolloutPhase =
  | 'progressing'
  | 'paused'
  | 'promoted'
  | 'rolledBack'
  | 'aborted';

/**
 * Where a rollout is; kept on the route object, so any backend replica can go on with it.
 *
 * @public
 */
export interface RolloutState {
  phase: RolloutPhase;
  /** Index into `rolloutSteps(plan)`. */
  stepIndex: number;
  /** The canary's weight now, in percent; the stable version has the rest. */
  weight: number;
  /** Failed checks in the current step. */
  failedChecks: number;
  /** ISO time the current step started (or was resumed). */
  stepStartedAt: string;
  /** ISO time of the last check counted in this step; a check counts once per interval. */
  lastCheckAt?: string;
}

/**
 * One interval's figures for the canary version, from Prometheus.
 *
 * @public
 */
export interface RolloutCheckResults {
  requests: number;
  /** Non-5xx share in percent; null when there were no requests. */
  successRatePercent: number | null;
  /** p99 request duration; null when there were no requests. */
  p99LatencyMs: number | null;
}

/**
 * A rollout's first state: the first step, its weight, started now.
 *
 * @public
 */
export function initialRolloutState(
  firstWeight: number,
  now: Date,
): RolloutState {
  return {
    phase: 'progressing',
    stepIndex: 0,
    weight: firstWeight,
    failedChecks: 0,
    stepStartedAt: now.toISOString(),
  };
}
