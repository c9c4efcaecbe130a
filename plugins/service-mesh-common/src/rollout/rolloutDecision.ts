import { RolloutPlan, durationSeconds, rolloutSteps } from './rolloutPlan';
import { RolloutCheckResults, RolloutState } from './rolloutState';

/** @public */
export type RolloutWaitReason =
  | 'bake'
  | 'interval'
  | 'inconclusive'
  | 'failedCheck'
  | 'paused'
  | 'finished';

/**
 * What to do next, with the state after doing it and a sentence for the
 * timeline. `state.weight` is the canary weight to write.
 *
 * @public
 */
export type RolloutDecision =
  | {
      action: 'wait';
      reason: RolloutWaitReason;
      state: RolloutState;
      message: string;
    }
  | {
      action: 'advance' | 'promote' | 'rollback';
      state: RolloutState;
      message: string;
    };

const seconds = (from: string, to: Date) =>
  (to.getTime() - Date.parse(from)) / 1000;

const round1 = (n: number) => Math.round(n * 10) / 10;

function describeFigures(
  plan: RolloutPlan,
  results: RolloutCheckResults,
): string {
  const { checks } = plan;
  const rate = results.successRatePercent ?? 0;
  const p99 = results.p99LatencyMs ?? 0;
  return (
    `success ${round1(rate)} % ${
      rate >= checks.minSuccessRatePercent ? '>=' : '<'
    } ${checks.minSuccessRatePercent} %, ` +
    `p99 ${Math.round(p99)} ms ${p99 <= checks.maxP99LatencyMs ? '<=' : '>'} ${
      checks.maxP99LatencyMs
    } ms over ${checks.interval}, ${results.requests} requests`
  );
}

/**
 * The next action of a progressing rollout for one interval's check results
 * at time `now`. Pure: the same plan, state, results and time always give the
 * same decision, and the decision's state evaluated again at the same time
 * waits, so a restarted or second runner neither skips nor repeats a step.
 *
 * A check is counted once per interval, the first an interval after the step
 * started (so its window holds only this step's traffic). Fewer than `minRequests` requests is
 * inconclusive and waits. A failing check counts towards
 * `failedChecksThreshold`; reaching it rolls the canary back to 0 %. A passing
 * check once the step has baked advances to the next weight, or promotes
 * when the next weight is the final 100 %; the failed count starts again at each step.
 *
 * @public
 */
export function decideRolloutStep(
  plan: RolloutPlan,
  state: RolloutState,
  results: RolloutCheckResults,
  now: Date,
): RolloutDecision {
  const steps = rolloutSteps(plan);
  const label = `step ${state.stepIndex + 1} (${state.weight} %)`;
  if (state.phase === 'paused') {
    return {
      action: 'wait',
      reason: 'paused',
      state,
      message: `${label} is paused`,
    };
  }
  if (state.phase !== 'progressing') {
    return {
      action: 'wait',
      reason: 'finished',
      state,
      message: `the rollout has ended: ${state.phase}`,
    };
  }
  // The first check of a step waits an interval too, so that its window
  // holds only traffic at this step's weight.
  const intervalSeconds = durationSeconds(plan.checks.interval)!;
  const since = seconds(state.lastCheckAt ?? state.stepStartedAt, now);
  if (since < intervalSeconds) {
    return {
      action: 'wait',
      reason: 'interval',
      state,
      message: `${label}: next check in ${Math.ceil(
        intervalSeconds - since,
      )} s`,
    };
  }
  const checked: RolloutState = { ...state, lastCheckAt: now.toISOString() };
  const { checks } = plan;

  if (results.requests < checks.minRequests) {
    return {
      action: 'wait',
      reason: 'inconclusive',
      state: checked,
      message: `${label} inconclusive: ${results.requests} requests over ${checks.interval}, fewer than ${checks.minRequests}`,
    };
  }

  const passed =
    results.successRatePercent !== null &&
    results.p99LatencyMs !== null &&
    results.successRatePercent >= checks.minSuccessRatePercent &&
    results.p99LatencyMs <= checks.maxP99LatencyMs;
  const figures = describeFigures(plan, results);

  if (!passed) {
    const failedChecks = state.failedChecks + 1;
    if (failedChecks >= checks.failedChecksThreshold) {
      return {
        action: 'rollback',
        state: { ...checked, phase: 'rolledBack', weight: 0, failedChecks },
        message: `${label} failed ${failedChecks} of ${checks.failedChecksThreshold} checks: ${figures}; rolled back, ${plan.canary.version} to 0 %`,
      };
    }
    return {
      action: 'wait',
      reason: 'failedCheck',
      state: { ...checked, failedChecks },
      message: `${label} check failed (${failedChecks} of ${checks.failedChecksThreshold}): ${figures}`,
    };
  }

  const baked = seconds(state.stepStartedAt, now);
  if (baked < plan.bakeSeconds) {
    return {
      action: 'wait',
      reason: 'bake',
      state: checked,
      message: `${label} check passed: ${figures}; baking, ${Math.ceil(
        plan.bakeSeconds - baked,
      )} s left`,
    };
  }

  const next = state.stepIndex + 1;
  // Reaching the last weight, 100, is the promotion: no check runs at 100 %.
  if (next >= steps.length - 1) {
    return {
      action: 'promote',
      state: { ...checked, phase: 'promoted', weight: 100 },
      message: `${label} passed: ${figures}; promoted, ${plan.canary.version} at 100 %`,
    };
  }
  return {
    action: 'advance',
    state: {
      phase: 'progressing',
      stepIndex: next,
      weight: steps[next],
      failedChecks: 0,
      stepStartedAt: now.toISOString(),
      lastCheckAt: now.toISOString(),
    },
    message: `${label} passed: ${figures}; step ${next + 1} at ${
      steps[next]
    } %`,
  };
}
