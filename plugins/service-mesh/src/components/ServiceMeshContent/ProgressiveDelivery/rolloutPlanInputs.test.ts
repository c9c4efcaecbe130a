import { ServiceStatus } from '@service-mesh/plugin-service-mesh-common';
import { frontEnd } from '../../../__fixtures__/meshStatus';
import { frontEndPlan } from '../../../__fixtures__/rollouts';
import {
  checkRolloutInputs,
  defaultRolloutInputs,
  parseStepWeights,
  rolloutSubsets,
} from './rolloutPlanInputs';

describe('rollout plan inputs', () => {
  it('defaults to the busiest subset as stable and the cautious plan', () => {
    const service = frontEnd({ v1: 80, v2: 20 });
    const inputs = defaultRolloutInputs(service);
    expect(inputs).toMatchObject({ stableSubset: 'v1', canarySubset: 'v2' });
    expect(checkRolloutInputs(service, inputs)).toEqual({
      plan: frontEndPlan,
      fieldErrors: {},
    });
    expect(defaultRolloutInputs(frontEnd({ v1: 10, v2: 90 }))).toMatchObject({
      stableSubset: 'v2',
      canarySubset: 'v1',
    });
  });

  it('takes the version from the subset label, else the subset name', () => {
    const service: ServiceStatus = {
      ...frontEnd(),
      subsets: [
        {
          destinationRule: 'front-end',
          name: 'stable',
          labels: { version: 'v1' },
          matchingPods: 1,
        },
        {
          destinationRule: 'front-end',
          name: 'next',
          labels: {},
          matchingPods: 1,
        },
      ],
    };
    expect(rolloutSubsets(service)).toEqual(['stable', 'next']);
    const check = checkRolloutInputs(service, {
      ...defaultRolloutInputs(service),
      stableSubset: 'stable',
      canarySubset: 'next',
    });
    expect(check.plan?.stable).toEqual({ subset: 'stable', version: 'v1' });
    expect(check.plan?.canary).toEqual({ subset: 'next', version: 'next' });
  });

  it('reads steps separated by commas or spaces, keeping what is no number', () => {
    expect(parseStepWeights(' 5, 10 25,,50 ')).toEqual([5, 10, 25, 50]);
    expect(parseStepWeights('10, ten')).toEqual([10, 'ten']);
    expect(parseStepWeights('')).toEqual([]);
  });

  it("puts each of the validator's errors under its input", () => {
    const service = frontEnd();
    const check = checkRolloutInputs(service, {
      ...defaultRolloutInputs(service),
      canarySubset: 'v1',
      steps: '10, 5, x',
      bakeSeconds: '-1',
      interval: '1 minute',
      minSuccessRatePercent: '',
      maxP99LatencyMs: '0',
      minRequests: '2.5',
      failedChecksThreshold: '0',
    });
    expect(check.plan).toBeUndefined();
    expect(check.formError).toBeUndefined();
    expect(check.fieldErrors).toEqual({
      canarySubset: 'Must differ from stable.subset',
      steps:
        'steps[1] must be greater than steps[0] (10); steps[2] must be a whole number from 1 to 100, got "x"',
      bakeSeconds: 'Must be a whole number of seconds, 0 or more, got -1',
      interval:
        'Must be a duration such as "30s", "1m" or "2h", got "1 minute"',
      minSuccessRatePercent: 'Must be between 0 and 100, got ""',
      maxP99LatencyMs: 'Must be a number of milliseconds above 0, got 0',
      minRequests: 'Must be a whole number, 1 or more, got 2.5',
      failedChecksThreshold: 'Must be a whole number, 1 or more, got 0',
    });
    expect(
      checkRolloutInputs(service, {
        ...defaultRolloutInputs(service),
        steps: ' ',
      }).fieldErrors,
    ).toEqual({ steps: 'Must list at least one weight' });
  });

  it('says once what is wrong with a subset that is not chosen', () => {
    const service = { ...frontEnd(), subsets: [], routes: [] };
    const check = checkRolloutInputs(service, defaultRolloutInputs(service));
    expect(check.fieldErrors.stableSubset).toBe(
      'Must be a lowercase name such as "v2", got ""',
    );
  });
});
