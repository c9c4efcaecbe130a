import { RolloutPlan, rolloutSteps, validateRolloutPlan } from './rolloutPlan';
import { RolloutPhase, RolloutState } from './rolloutState';

/**
 * The route object's annotation holding the rollout, JSON.
 *
 * @public
 */
export const ANNOTATION_ROLLOUT = 'servicemesh.backstage.io/rollout';

/**
 * The annotation's format version; `parseRolloutAnnotation` refuses any other.
 *
 * @public
 */
export const ROLLOUT_ANNOTATION_VERSION = 1;

/** @public */
export interface RolloutRecord {
  version: typeof ROLLOUT_ANNOTATION_VERSION;
  plan: RolloutPlan;
  state: RolloutState;
}

const PHASES: RolloutPhase[] = [
  'progressing',
  'paused',
  'promoted',
  'rolledBack',
  'aborted',
];

/**
 * The annotation's value for a plan and its state.
 *
 * @public
 */
export function formatRolloutAnnotation(
  plan: RolloutPlan,
  state: RolloutState,
): string {
  const record: RolloutRecord = {
    version: ROLLOUT_ANNOTATION_VERSION,
    plan,
    state,
  };
  return JSON.stringify(record);
}

/**
 * Thrown for an annotation value that is not a rollout this code can go on with.
 *
 * @public
 */
export class RolloutAnnotationError extends Error {
  constructor(problem: string) {
    super(`${ANNOTATION_ROLLOUT} annotation: ${problem}`);
    this.name = 'RolloutAnnotationError';
  }
}

const isIsoTime = (v: unknown) =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v));

/**
 * Reads the annotation's value; throws RolloutAnnotationError naming what is wrong.
 *
 * @public
 */
export function parseRolloutAnnotation(value: string): RolloutRecord {
  let parsed: any;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    throw new RolloutAnnotationError(`not JSON (${(e as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RolloutAnnotationError('must be a JSON object');
  }
  if (parsed.version !== ROLLOUT_ANNOTATION_VERSION) {
    throw new RolloutAnnotationError(
      `version must be ${ROLLOUT_ANNOTATION_VERSION}, got ${JSON.stringify(
        parsed.version,
      )}`,
    );
  }
  const plan = validateRolloutPlan(parsed.plan);
  if (!plan.valid) {
    throw new RolloutAnnotationError(
      plan.errors.map(e => `plan.${e.field}: ${e.message}`).join('; '),
    );
  }
  const state = parsed.state;
  const problems: string[] = [];
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw new RolloutAnnotationError('state must be an object');
  }
  const steps = rolloutSteps(plan.plan);
  if (!PHASES.includes(state.phase)) {
    problems.push(`state.phase must be one of ${PHASES.join(', ')}`);
  }
  if (
    !Number.isInteger(state.stepIndex) ||
    state.stepIndex < 0 ||
    state.stepIndex >= steps.length
  ) {
    problems.push(
      `state.stepIndex must be a whole number from 0 to ${steps.length - 1}`,
    );
  }
  if (
    !Number.isInteger(state.weight) ||
    state.weight < 0 ||
    state.weight > 100
  ) {
    problems.push('state.weight must be a whole number from 0 to 100');
  }
  if (
    (state.phase === 'progressing' || state.phase === 'paused') &&
    Number.isInteger(state.stepIndex) &&
    Number.isInteger(state.weight) &&
    steps[state.stepIndex] !== undefined &&
    state.weight !== steps[state.stepIndex]
  ) {
    problems.push(
      `state.weight must be ${steps[state.stepIndex]}, the weight of step ${
        state.stepIndex + 1
      }, while ${state.phase}`,
    );
  }
  if (!Number.isInteger(state.failedChecks) || state.failedChecks < 0) {
    problems.push('state.failedChecks must be a whole number, 0 or more');
  }
  if (!isIsoTime(state.stepStartedAt)) {
    problems.push('state.stepStartedAt must be an ISO time');
  }
  if (state.lastCheckAt !== undefined && !isIsoTime(state.lastCheckAt)) {
    problems.push('state.lastCheckAt must be an ISO time when present');
  }
  if (problems.length > 0)
    throw new RolloutAnnotationError(problems.join('; '));
  return parsed as RolloutRecord;
}
