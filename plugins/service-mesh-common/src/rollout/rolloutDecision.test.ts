import { RolloutPlan, rolloutSteps } from './rolloutPlan';
import { decideRolloutStep } from './rolloutDecision';
import { RolloutCheckResults, initialRolloutState } from './rolloutState';

const plan: RolloutPlan = {
  service: 'front-end',
  stable: { subset: 'v1', version: 'v1' },
  canary: { subset: 'v2', version: 'v2' },
  steps: [5, 10, 25, 50],
  bakeSeconds: 120,
  checks: {
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 500,
    minRequests: 20,
    interval: '1m',
    failedChecksThreshold: 2,
  },
};

const healthy: RolloutCheckResults = {
  requests: 240,
  successRatePercent: 99.8,
  p99LatencyMs: 120,
};
const failing: RolloutCheckResults = {
  requests: 240,
  successRatePercent: 70,
  p99LatencyMs: 800,
};
const start = new Date('2026-12-04T12:00:00.000Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describe('decideRolloutStep', () => {
  it('takes a healthy v2 to 100 % through every step, once each', () => {
    let state = initialRolloutState(rolloutSteps(plan)[0], start);
    const weights = [state.weight];
    const actions: string[] = [];
    for (let t = 0; t <= 3600 && state.phase === 'progressing'; t += 30) {
      const decision = decideRolloutStep(plan, state, healthy, at(t));
      if (decision.action !== 'wait') {
        actions.push(decision.action);
        weights.push(decision.state.weight);
      }
      state = decision.state;
    }
    // passing the last step below 100 % is the promotion
    expect(weights).toEqual([5, 10, 25, 50, 100]);
    expect(actions).toEqual(['advance', 'advance', 'advance', 'promote']);
    expect(state.phase).toBe('promoted');
  });

  it('waits while the step bakes, then advances with the figures in words', () => {
    const state = {
      ...initialRolloutState(25, start),
      stepIndex: 2,
    };
    const early = decideRolloutStep(plan, state, healthy, at(60));
    expect(early).toMatchObject({ action: 'wait', reason: 'bake' });
    expect(early.message).toBe(
      'step 3 (25 %) check passed: success 99.8 % >= 99 %, p99 120 ms <= 500 ms over 1m, 240 requests; baking, 60 s left',
    );
    const later = decideRolloutStep(plan, early.state, healthy, at(120));
    expect(later.action).toBe('advance');
    expect(later.message).toBe(
      'step 3 (25 %) passed: success 99.8 % >= 99 %, p99 120 ms <= 500 ms over 1m, 240 requests; step 4 at 50 %',
    );
    expect(later.state).toEqual({
      phase: 'progressing',
      stepIndex: 3,
      weight: 50,
      failedChecks: 0,
      stepStartedAt: at(120).toISOString(),
      lastCheckAt: at(120).toISOString(),
    });
  });

  it('rolls a v2 failing at 25 % back to 0 % once the threshold is reached', () => {
    const state = { ...initialRolloutState(25, start), stepIndex: 2 };
    const first = decideRolloutStep(plan, state, failing, at(60));
    expect(first).toMatchObject({
      action: 'wait',
      reason: 'failedCheck',
      state: { failedChecks: 1, weight: 25, phase: 'progressing' },
    });
    expect(first.message).toBe(
      'step 3 (25 %) check failed (1 of 2): success 70 % < 99 %, p99 800 ms > 500 ms over 1m, 240 requests',
    );
    // within the same interval the failure is not counted again
    const again = decideRolloutStep(plan, first.state, failing, at(90));
    expect(again).toMatchObject({ action: 'wait', reason: 'interval' });
    expect(again.state).toBe(first.state);
    const second = decideRolloutStep(plan, first.state, failing, at(120));
    expect(second.action).toBe('rollback');
    expect(second.state).toMatchObject({
      phase: 'rolledBack',
      weight: 0,
      failedChecks: 2,
    });
    expect(second.message).toBe(
      'step 3 (25 %) failed 2 of 2 checks: success 70 % < 99 %, p99 800 ms > 500 ms over 1m, 240 requests; rolled back, v2 to 0 %',
    );
    expect(
      decideRolloutStep(plan, second.state, healthy, at(600)),
    ).toMatchObject({ action: 'wait', reason: 'finished' });
  });

  it('checks a step first one interval after it started', () => {
    const state = initialRolloutState(5, start);
    const early = decideRolloutStep(plan, state, failing, at(59));
    expect(early).toEqual({
      action: 'wait',
      reason: 'interval',
      state,
      message: 'step 1 (5 %): next check in 1 s',
    });
    expect(
      decideRolloutStep(plan, state, failing, at(60)).state.failedChecks,
    ).toBe(1);
  });

  it('fails a check on latency alone', () => {
    const state = initialRolloutState(5, start);
    const decision = decideRolloutStep(
      plan,
      state,
      { ...healthy, p99LatencyMs: 501 },
      at(200),
    );
    expect(decision).toMatchObject({ action: 'wait', reason: 'failedCheck' });
  });

  it('waits on an inconclusive step, never passing it, however long it bakes', () => {
    let state = initialRolloutState(5, start);
    const sparse = { requests: 19, successRatePercent: 100, p99LatencyMs: 50 };
    for (let t = 60; t <= 3600; t += 60) {
      const decision = decideRolloutStep(plan, state, sparse, at(t));
      expect(decision).toMatchObject({
        action: 'wait',
        reason: 'inconclusive',
      });
      state = decision.state;
    }
    expect(state).toMatchObject({ stepIndex: 0, weight: 5, failedChecks: 0 });
    expect(
      decideRolloutStep(plan, state, { ...sparse, requests: 0 }, at(3660))
        .message,
    ).toBe('step 1 (5 %) inconclusive: 0 requests over 1m, fewer than 20');
  });

  it('does nothing while paused', () => {
    const paused = {
      ...initialRolloutState(10, start),
      phase: 'paused' as const,
    };
    expect(decideRolloutStep(plan, paused, healthy, at(600))).toEqual({
      action: 'wait',
      reason: 'paused',
      state: paused,
      message: 'step 1 (10 %) is paused',
    });
  });

  it('gives the same decision for the same state and time, and the result evaluated again waits', () => {
    const state = { ...initialRolloutState(10, start), stepIndex: 1 };
    const one = decideRolloutStep(plan, state, healthy, at(150));
    const two = decideRolloutStep(plan, state, healthy, at(150));
    expect(two).toEqual(one);
    expect(one.action).toBe('advance');
    // a restarted runner re-reading the written state at the same moment
    const replay = decideRolloutStep(plan, one.state, healthy, at(150));
    expect(replay).toMatchObject({ action: 'wait', reason: 'interval' });
    expect(replay.state).toEqual(one.state);
    // the promote after the last step is not repeated either
    const last = { ...initialRolloutState(100, start), stepIndex: 4 };
    const promote = decideRolloutStep(plan, last, healthy, at(150));
    expect(promote.action).toBe('promote');
    expect(
      decideRolloutStep(plan, promote.state, healthy, at(150)).action,
    ).toBe('wait');
  });
});
