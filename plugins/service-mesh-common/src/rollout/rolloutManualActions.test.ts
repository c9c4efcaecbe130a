import { RolloutPlan } from './rolloutPlan';
import { applyRolloutAction } from './rolloutManualActions';
import { decideRolloutStep } from './rolloutDecision';
import { initialRolloutState } from './rolloutState';

const plan: RolloutPlan = {
  service: 'front-end',
  stable: { subset: 'v1', version: 'v1' },
  canary: { subset: 'v2', version: 'v2' },
  steps: [20, 50],
  bakeSeconds: 60,
  checks: {
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 500,
    minRequests: 10,
    interval: '30s',
    failedChecksThreshold: 1,
  },
};
const start = new Date('2026-12-04T12:00:00.000Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const healthy = { requests: 100, successRatePercent: 100, p99LatencyMs: 80 };

describe('applyRolloutAction', () => {
  it('pauses, and a resume bakes the step again from the resume', () => {
    const running = {
      ...initialRolloutState(20, start),
      lastCheckAt: at(30).toISOString(),
    };
    const paused = applyRolloutAction(plan, running, 'pause', at(40), 'jane');
    expect(paused).toEqual({
      accepted: true,
      state: { ...running, phase: 'paused' },
      message: 'jane paused the rollout at step 1 (20 %)',
    });
    if (!paused.accepted) throw new Error('refused');
    expect(decideRolloutStep(plan, paused.state, healthy, at(300)).action).toBe(
      'wait',
    );
    const resumed = applyRolloutAction(plan, paused.state, 'resume', at(300));
    if (!resumed.accepted) throw new Error('refused');
    expect(resumed.state).toEqual({
      phase: 'progressing',
      stepIndex: 0,
      weight: 20,
      failedChecks: 0,
      stepStartedAt: at(300).toISOString(),
    });
    expect(
      decideRolloutStep(plan, resumed.state, healthy, at(330)),
    ).toMatchObject({ action: 'wait', reason: 'bake' });
    expect(
      decideRolloutStep(plan, resumed.state, healthy, at(360)).action,
    ).toBe('advance');
  });

  it('promotes to 100 % and aborts to 0 %', () => {
    const running = initialRolloutState(20, start);
    expect(applyRolloutAction(plan, running, 'promote', at(1))).toEqual({
      accepted: true,
      state: { ...running, phase: 'promoted', weight: 100 },
      message: 'someone promoted v2 to 100 % from step 1 (20 %)',
    });
    expect(applyRolloutAction(plan, running, 'abort', at(1), 'jane')).toEqual({
      accepted: true,
      state: { ...running, phase: 'aborted', weight: 0 },
      message: 'jane aborted the rollout at step 1 (20 %); v2 to 0 %',
    });
  });

  it('refuses actions that do not apply to the phase', () => {
    const running = initialRolloutState(20, start);
    expect(applyRolloutAction(plan, running, 'resume', at(1))).toEqual({
      accepted: false,
      message: 'cannot resume a rollout that is progressing',
    });
    const ended = { ...running, phase: 'rolledBack' as const, weight: 0 };
    for (const action of ['pause', 'resume', 'promote', 'abort'] as const) {
      expect(applyRolloutAction(plan, ended, action, at(1)).accepted).toBe(
        false,
      );
    }
  });
});
