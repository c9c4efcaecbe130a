import {
  RolloutPlan,
  durationSeconds,
  rolloutSteps,
  validateRolloutPlan,
} from './rolloutPlan';

const plan: RolloutPlan = {
  service: 'front-end',
  stable: { subset: 'v1', version: 'v1' },
  canary: { subset: 'v2', version: 'v2' },
  steps: [5, 10, 25, 50],
  bakeSeconds: 60,
  checks: {
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 500,
    minRequests: 20,
    interval: '1m',
    failedChecksThreshold: 2,
  },
};

describe('validateRolloutPlan', () => {
  it('accepts a good plan, explicit or by step size', () => {
    expect(validateRolloutPlan(plan)).toEqual({ valid: true, plan });
    const stepped = { ...plan, steps: { stepWeight: 10, maxWeight: 50 } };
    expect(validateRolloutPlan(stepped)).toEqual({
      valid: true,
      plan: stepped,
    });
  });

  it('returns every problem at once, each naming its field', () => {
    const result = validateRolloutPlan({
      service: 'Front End',
      stable: { subset: 'v1', version: 'v1' },
      canary: { subset: 'v1', version: 'v2' },
      steps: [5, 25, 25, 120],
      bakeSeconds: -1,
      checks: {
        minSuccessRatePercent: 101,
        maxP99LatencyMs: 0,
        minRequests: 0.5,
        interval: '1 minute',
        failedChecksThreshold: 0,
      },
    });
    expect(result.valid).toBe(false);
    const errors = result.valid ? [] : result.errors;
    expect(errors.map(e => `${e.field}: ${e.message}`)).toEqual([
      'service: must be a lowercase name such as "v2", got "Front End"',
      'canary.subset: must differ from stable.subset',
      'steps[2]: must be greater than steps[1] (25)',
      'steps[3]: must be a whole number from 1 to 100, got 120',
      'bakeSeconds: must be a whole number of seconds, 0 or more, got -1',
      'checks.minSuccessRatePercent: must be between 0 and 100, got 101',
      'checks.maxP99LatencyMs: must be a number of milliseconds above 0, got 0',
      'checks.minRequests: must be a whole number, 1 or more, got 0.5',
      'checks.interval: must be a duration such as "30s", "1m" or "2h", got "1 minute"',
      'checks.failedChecksThreshold: must be a whole number, 1 or more, got 0',
    ]);
  });

  it('names missing parts and bad step sizes', () => {
    const missing = validateRolloutPlan({ service: 'front-end' });
    expect(missing.valid ? [] : missing.errors.map(e => e.field)).toEqual([
      'stable',
      'canary',
      'steps',
      'bakeSeconds',
      'checks',
    ]);
    const stepped = validateRolloutPlan({
      ...plan,
      steps: { stepWeight: 30, maxWeight: 20 },
    });
    expect(stepped.valid ? [] : stepped.errors).toEqual([
      {
        field: 'steps.maxWeight',
        message: 'must be at least steps.stepWeight (30)',
      },
    ]);
    expect(validateRolloutPlan({ ...plan, steps: [] })).toEqual({
      valid: false,
      errors: [{ field: 'steps', message: 'must list at least one weight' }],
    });
    expect(validateRolloutPlan('plan').valid).toBe(false);
  });
});

describe('rolloutSteps', () => {
  it('ends the explicit weights at 100', () => {
    expect(rolloutSteps(plan)).toEqual([5, 10, 25, 50, 100]);
    expect(rolloutSteps({ ...plan, steps: [20, 100] })).toEqual([20, 100]);
  });

  it('expands a step size up to the maximum, then 100', () => {
    expect(
      rolloutSteps({ ...plan, steps: { stepWeight: 10, maxWeight: 50 } }),
    ).toEqual([10, 20, 30, 40, 50, 100]);
    expect(
      rolloutSteps({ ...plan, steps: { stepWeight: 30, maxWeight: 80 } }),
    ).toEqual([30, 60, 100]);
    expect(
      rolloutSteps({ ...plan, steps: { stepWeight: 25, maxWeight: 100 } }),
    ).toEqual([25, 50, 75, 100]);
  });
});

describe('durationSeconds', () => {
  it('reads Prometheus durations', () => {
    expect(durationSeconds('30s')).toBe(30);
    expect(durationSeconds('2m')).toBe(120);
    expect(durationSeconds('1h')).toBe(3600);
    expect(durationSeconds('0m')).toBeUndefined();
    expect(durationSeconds('1d')).toBeUndefined();
  });
});
