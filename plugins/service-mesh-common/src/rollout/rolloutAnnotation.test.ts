import {
  ANNOTATION_ROLLOUT,
  formatRolloutAnnotation,
  parseRolloutAnnotation,
} from './rolloutAnnotation';
import { RolloutPlan, rolloutSteps } from './rolloutPlan';
import { decideRolloutStep } from './rolloutDecision';
import { initialRolloutState } from './rolloutState';

const plan: RolloutPlan = {
  service: 'front-end',
  stable: { subset: 'v1', version: 'v1' },
  canary: { subset: 'v2', version: 'v2' },
  steps: { stepWeight: 25, maxWeight: 75 },
  bakeSeconds: 60,
  checks: {
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 500,
    minRequests: 10,
    interval: '1m',
    failedChecksThreshold: 2,
  },
};
const state = {
  ...initialRolloutState(25, new Date('2026-12-04T12:00:00.000Z')),
  lastCheckAt: '2026-12-04T12:01:00.000Z',
};

describe('rollout annotation', () => {
  it('round-trips a plan and its state with the format version', () => {
    const value = formatRolloutAnnotation(plan, state);
    expect(JSON.parse(value).version).toBe(1);
    expect(parseRolloutAnnotation(value)).toEqual({ version: 1, plan, state });
    expect(ANNOTATION_ROLLOUT).toBe('servicemesh.backstage.io/rollout');
  });

  it('rejects malformed values with the problem named', () => {
    const good = JSON.parse(formatRolloutAnnotation(plan, state));
    const parse = (v: unknown) => () =>
      parseRolloutAnnotation(typeof v === 'string' ? v : JSON.stringify(v));
    expect(parse('{"version": 1,')).toThrow(
      /^servicemesh\.backstage\.io\/rollout annotation: not JSON/,
    );
    expect(parse([1])).toThrow('annotation: must be a JSON object');
    expect(parse({ ...good, version: 2 })).toThrow(
      'annotation: version must be 1, got 2',
    );
    expect(
      parse({
        ...good,
        plan: { ...plan, checks: { ...plan.checks, interval: 5 } },
      }),
    ).toThrow(
      'annotation: plan.checks.interval: must be a duration such as "30s", "1m" or "2h", got 5',
    );
    expect(parse({ ...good, state: { ...state, weight: 50 } })).toThrow(
      'annotation: state.weight must be 25, the weight of step 1, while progressing',
    );
    expect(
      parseRolloutAnnotation(
        formatRolloutAnnotation(plan, {
          ...state,
          phase: 'rolledBack',
          weight: 0,
        }),
      ).state.weight,
    ).toBe(0);
    expect(parse({ ...good, state: null })).toThrow(
      'annotation: state must be an object',
    );
    expect(
      parse({
        ...good,
        state: {
          phase: 'done',
          stepIndex: 4,
          weight: 101,
          failedChecks: -1,
          stepStartedAt: 'yesterday',
          lastCheckAt: 7,
        },
      }),
    ).toThrow(
      'annotation: state.phase must be one of progressing, paused, promoted, rolledBack, aborted; ' +
        'state.stepIndex must be a whole number from 0 to 3; ' +
        'state.weight must be a whole number from 0 to 100; ' +
        'state.failedChecks must be a whole number, 0 or more; ' +
        'state.stepStartedAt must be an ISO time; ' +
        'state.lastCheckAt must be an ISO time when present',
    );
  });
});

describe('a restart between decisions', () => {
  it('goes on from the stored state without skipping or repeating a step', () => {
    const healthy = {
      requests: 100,
      successRatePercent: 100,
      p99LatencyMs: 40,
    };
    const t0 = Date.parse('2026-12-04T12:00:00.000Z');
    let stored = formatRolloutAnnotation(
      plan,
      initialRolloutState(25, new Date(t0)),
    );
    const weights: number[] = [25];
    for (let t = 0; t <= 1200; t += 30) {
      // every evaluation is a fresh runner reading the annotation, twice
      for (const _replica of [1, 2]) {
        const record = parseRolloutAnnotation(stored);
        const decision = decideRolloutStep(
          record.plan,
          record.state,
          healthy,
          new Date(t0 + t * 1000),
        );
        if (decision.action !== 'wait') weights.push(decision.state.weight);
        stored = formatRolloutAnnotation(record.plan, decision.state);
      }
    }
    expect(weights).toEqual(rolloutSteps(plan));
    expect(parseRolloutAnnotation(stored).state.phase).toBe('promoted');
  });
});
