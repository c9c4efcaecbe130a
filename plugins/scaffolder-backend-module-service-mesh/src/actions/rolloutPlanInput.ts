import { InputError } from '@backstage/errors';
import {
  FieldError,
  RolloutPlan,
  RolloutStepsSpec,
  validateRolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';

/** The inputs of servicemesh:canary:rollout a plan is made of, as parsed. */
export interface RolloutPlanInput {
  service: string;
  stableSubset: string;
  canarySubset: string;
  stableVersion?: string;
  canaryVersion?: string;
  steps?: number[];
  stepWeight?: number;
  maxWeight?: number;
  bakeSeconds: number;
  interval: string;
  minSuccessRatePercent: number;
  maxP99LatencyMs: number;
  minRequests: number;
  failedChecksThreshold: number;
}

export const DEFAULT_ROLLOUT_STEPS = [10, 25, 50];

/** The action's input for each field of a plan that is not named the same. */
const INPUT_OF_PLAN_FIELD: Record<string, string> = {
  'stable.subset': 'stableSubset',
  'stable.version': 'stableVersion',
  'canary.subset': 'canarySubset',
  'canary.version': 'canaryVersion',
  'steps.stepWeight': 'stepWeight',
  'steps.maxWeight': 'maxWeight',
  'checks.minSuccessRatePercent': 'minSuccessRatePercent',
  'checks.maxP99LatencyMs': 'maxP99LatencyMs',
  'checks.minRequests': 'minRequests',
  'checks.interval': 'interval',
  'checks.failedChecksThreshold': 'failedChecksThreshold',
};

/** A plan's field (`checks.minRequests`, `steps[1]`) as the action's input that sets it. */
export function inputFieldOf(planField: string): string {
  return INPUT_OF_PLAN_FIELD[planField] ?? planField;
}

/** A plan's message with the plan fields it mentions (`must differ from stable.subset`) renamed too. */
function inputMessageOf(message: string): string {
  return Object.entries(INPUT_OF_PLAN_FIELD).reduce(
    (text, [planField, input]) => text.split(planField).join(input),
    message,
  );
}

/** A plan's field error in the action's terms: `canarySubset`, `steps[1]`. */
function inputErrorOf(error: FieldError): FieldError {
  return {
    field: inputFieldOf(error.field),
    message: inputMessageOf(error.message),
  };
}

type StepsOf =
  | { steps: RolloutStepsSpec; error?: undefined }
  | { error: FieldError };

function stepsOf(input: RolloutPlanInput): StepsOf {
  const bySize =
    input.stepWeight !== undefined || input.maxWeight !== undefined;
  if (input.steps !== undefined && bySize) {
    return {
      error: {
        field: 'steps',
        message:
          'cannot be given with stepWeight and maxWeight; give either the weights or a step size up to a maximum',
      },
    };
  }
  if (!bySize) return { steps: input.steps ?? DEFAULT_ROLLOUT_STEPS };
  if (input.stepWeight === undefined) {
    return {
      error: { field: 'stepWeight', message: 'is required with maxWeight' },
    };
  }
  if (input.maxWeight === undefined) {
    return {
      error: { field: 'maxWeight', message: 'is required with stepWeight' },
    };
  }
  return {
    steps: { stepWeight: input.stepWeight, maxWeight: input.maxWeight },
  };
}

export type RolloutPlanOfInput =
  | { valid: true; plan: RolloutPlan }
  | { valid: false; errors: FieldError[] };

/**
 * The rollout plan of the action's input, checked by the plan's own rules
 * (validateRolloutPlan, which the backend's runner reads rollouts with); each
 * problem names the action's input.
 */
export function checkRolloutPlanInput(
  input: RolloutPlanInput,
): RolloutPlanOfInput {
  const steps = stepsOf(input);
  if (steps.error) return { valid: false, errors: [steps.error] };
  const checked = validateRolloutPlan({
    service: input.service,
    stable: {
      subset: input.stableSubset,
      version: input.stableVersion ?? input.stableSubset,
    },
    canary: {
      subset: input.canarySubset,
      version: input.canaryVersion ?? input.canarySubset,
    },
    steps: steps.steps,
    bakeSeconds: input.bakeSeconds,
    checks: {
      minSuccessRatePercent: input.minSuccessRatePercent,
      maxP99LatencyMs: input.maxP99LatencyMs,
      minRequests: input.minRequests,
      interval: input.interval,
      failedChecksThreshold: input.failedChecksThreshold,
    },
  });
  if (checked.valid) return checked;
  return { valid: false, errors: checked.errors.map(inputErrorOf) };
}

/** The rollout plan of the action's input; an InputError names every offending input. */
export function rolloutPlanOf(input: RolloutPlanInput): RolloutPlan {
  const checked = checkRolloutPlanInput(input);
  if (checked.valid) return checked.plan;
  throw new InputError(
    `Invalid input: ${checked.errors
      .map(e => `${e.field} ${e.message}`)
      .join('; ')}`,
  );
}
