import { DNS1123_SUBDOMAIN } from '../kubernetesNames';
import { FieldError } from '../weights';

/**
 * One side of a rollout: what the route's weights are keyed by, and the pods' `version` label.
 *
 * @public
 */
export interface RolloutTarget {
  /**
   * The DestinationRule subset a VirtualService routes to (`v2`), or the
   * per-version Service a Gateway API HTTPRoute's backendRef names (`web-v2`).
   */
  subset: string;
  version: string;
}

/**
 * The canary's weights, explicit (`[5, 10, 25, 50]`) or a step size up to a maximum.
 *
 * @public
 */
export type RolloutStepsSpec =
  | number[]
  | { stepWeight: number; maxWeight: number };

/**
 * The checks over the last interval, as Flagger's built-in metrics.
 *
 * @public
 */
export interface RolloutChecks {
  /** Request success rate (non-5xx share) at or above this, in percent. */
  minSuccessRatePercent: number;
  /** p99 request duration at or below this, in milliseconds. */
  maxP99LatencyMs: number;
  /** Fewer requests in an interval make the check inconclusive: it waits, never passes. */
  minRequests: number;
  /** A Prometheus duration, e.g. `1m`: the window of each check and the time between checks. */
  interval: string;
  /** Failed checks (in one step) that roll the canary back to 0 %. */
  failedChecksThreshold: number;
}

/** @public */
export interface RolloutPlan {
  /** The Kubernetes Service whose traffic is shifted: the VirtualService host, or the Service an HTTPRoute splits over its per-version Services. */
  service: string;
  stable: RolloutTarget;
  canary: RolloutTarget;
  steps: RolloutStepsSpec;
  /** How long each step runs, at least, before a passing check advances it. */
  bakeSeconds: number;
  checks: RolloutChecks;
}

/** @public */
export type RolloutPlanValidation =
  | { valid: true; plan: RolloutPlan }
  | { valid: false; errors: FieldError[] };

const DURATION = /^([1-9]\d*)(s|m|h)$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };
/** Service names, subset names and label values here: DNS-1123 subdomains at most. */
const NAME = DNS1123_SUBDOMAIN;

/**
 * Seconds of a Prometheus duration such as `30s`, `1m`, `2h`; undefined when malformed.
 *
 * @public
 */
export function durationSeconds(duration: string): number | undefined {
  const match = DURATION.exec(duration);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2]] : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const isWholeNumber = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v);

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/**
 * Checks a rollout plan and returns every problem at once, each naming its
 * field (`steps[2]`, `checks.minSuccessRatePercent`).
 *
 * @public
 */
export function validateRolloutPlan(input: unknown): RolloutPlanValidation {
  if (!isObject(input)) {
    return {
      valid: false,
      errors: [{ field: 'plan', message: 'must be an object' }],
    };
  }
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) =>
    errors.push({ field, message });

  const name = (field: string, value: unknown) => {
    if (typeof value !== 'string' || !NAME.test(value)) {
      fail(field, `must be a lowercase name such as "v2", got ${show(value)}`);
    }
  };
  name('service', input.service);
  for (const side of ['stable', 'canary'] as const) {
    const target = input[side];
    if (!isObject(target)) {
      fail(side, 'must be an object with subset and version');
      continue;
    }
    name(`${side}.subset`, target.subset);
    name(`${side}.version`, target.version);
  }
  if (
    isObject(input.stable) &&
    isObject(input.canary) &&
    input.stable.subset === input.canary.subset
  ) {
    fail('canary.subset', 'must differ from stable.subset');
  }

  validateSteps(input.steps, fail);

  if (!isWholeNumber(input.bakeSeconds) || input.bakeSeconds < 0) {
    fail(
      'bakeSeconds',
      `must be a whole number of seconds, 0 or more, got ${show(
        input.bakeSeconds,
      )}`,
    );
  }
  validateChecks(input.checks, fail);

  if (errors.length > 0) return { valid: false, errors };
  return { valid: true, plan: input as unknown as RolloutPlan };
}

function validateSteps(
  steps: unknown,
  fail: (field: string, message: string) => void,
) {
  const weightInRange = (v: unknown): v is number =>
    isWholeNumber(v) && v >= 1 && v <= 100;
  if (Array.isArray(steps)) {
    if (steps.length === 0) {
      fail('steps', 'must list at least one weight');
    }
    steps.forEach((w, i) => {
      if (!weightInRange(w)) {
        fail(
          `steps[${i}]`,
          `must be a whole number from 1 to 100, got ${show(w)}`,
        );
      } else if (i > 0 && weightInRange(steps[i - 1]) && w <= steps[i - 1]) {
        fail(
          `steps[${i}]`,
          `must be greater than steps[${i - 1}] (${steps[i - 1]})`,
        );
      }
    });
    return;
  }
  if (!isObject(steps)) {
    fail(
      'steps',
      'must be a list of weights such as [5, 10, 25, 50] or {"stepWeight": 10, "maxWeight": 50}',
    );
    return;
  }
  const { stepWeight, maxWeight } = steps;
  if (!weightInRange(stepWeight)) {
    fail(
      'steps.stepWeight',
      `must be a whole number from 1 to 100, got ${show(stepWeight)}`,
    );
  }
  if (!weightInRange(maxWeight)) {
    fail(
      'steps.maxWeight',
      `must be a whole number from 1 to 100, got ${show(maxWeight)}`,
    );
  } else if (weightInRange(stepWeight) && maxWeight < stepWeight) {
    fail(
      'steps.maxWeight',
      `must be at least steps.stepWeight (${stepWeight})`,
    );
  }
}

function validateChecks(
  checks: unknown,
  fail: (field: string, message: string) => void,
) {
  if (!isObject(checks)) {
    fail('checks', 'must be an object');
    return;
  }
  const rate = checks.minSuccessRatePercent;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 100)) {
    fail(
      'checks.minSuccessRatePercent',
      `must be between 0 and 100, got ${show(rate)}`,
    );
  }
  const p99 = checks.maxP99LatencyMs;
  if (typeof p99 !== 'number' || !Number.isFinite(p99) || p99 <= 0) {
    fail(
      'checks.maxP99LatencyMs',
      `must be a number of milliseconds above 0, got ${show(p99)}`,
    );
  }
  if (!isWholeNumber(checks.minRequests) || checks.minRequests < 1) {
    fail(
      'checks.minRequests',
      `must be a whole number, 1 or more, got ${show(checks.minRequests)}`,
    );
  }
  if (
    typeof checks.interval !== 'string' ||
    durationSeconds(checks.interval) === undefined
  ) {
    fail(
      'checks.interval',
      `must be a duration such as "30s", "1m" or "2h", got ${show(
        checks.interval,
      )}`,
    );
  }
  const threshold = checks.failedChecksThreshold;
  if (!isWholeNumber(threshold) || threshold < 1) {
    fail(
      'checks.failedChecksThreshold',
      `must be a whole number, 1 or more, got ${show(threshold)}`,
    );
  }
}

/**
 * The canary's weight at each step, ending at 100: explicit weights as given
 * (100 appended when the last is below it); a step size as stepWeight,
 * 2 x stepWeight, ... up to maxWeight, then 100.
 *
 * @public
 */
export function rolloutSteps(plan: RolloutPlan): number[] {
  const steps = plan.steps;
  const weights: number[] = [];
  if (Array.isArray(steps)) {
    weights.push(...steps);
  } else {
    for (
      let w = steps.stepWeight;
      w <= steps.maxWeight;
      w += steps.stepWeight
    ) {
      weights.push(w);
    }
  }
  if (weights[weights.length - 1] !== 100) weights.push(100);
  return weights;
}
