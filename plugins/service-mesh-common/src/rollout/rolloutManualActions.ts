import { RolloutPlan } from './rolloutPlan';
import { RolloutState } from './rolloutState';

/** @public */
export type RolloutManualAction = 'pause' | 'resume' | 'promote' | 'abort';

/** @public */
export type RolloutManualDecision =
  | { accepted: true; state: RolloutState; message: string }
  | { accepted: false; message: string };

const ALLOWED: Record<RolloutManualAction, RolloutState['phase'][]> = {
  pause: ['progressing'],
  resume: ['paused'],
  promote: ['progressing', 'paused'],
  abort: ['progressing', 'paused'],
};

const ACTIONS: RolloutManualAction[] = ['pause', 'resume', 'promote', 'abort'];

/**
 * The manual actions a rollout in `phase` accepts, in the order pause, resume, promote, abort.
 *
 * @public
 */
export function rolloutActionsAllowedIn(
  phase: RolloutState['phase'],
): RolloutManualAction[] {
  return ACTIONS.filter(action => ALLOWED[action].includes(phase));
}

/**
 * A person's action as a state transition: pause and resume (the step bakes
 * again from the resume), promote (the canary to 100 %) and abort (the canary
 * to 0 %). Refused, with the reason, from a phase it does not apply to.
 *
 * @public
 */
export function applyRolloutAction(
  plan: RolloutPlan,
  state: RolloutState,
  action: RolloutManualAction,
  now: Date,
  actor = 'someone',
): RolloutManualDecision {
  if (!ALLOWED[action].includes(state.phase)) {
    return {
      accepted: false,
      message: `cannot ${action} a rollout that is ${state.phase}`,
    };
  }
  const label = `step ${state.stepIndex + 1} (${state.weight} %)`;
  const version = plan.canary.version;
  switch (action) {
    case 'pause':
      return {
        accepted: true,
        state: { ...state, phase: 'paused' },
        message: `${actor} paused the rollout at ${label}`,
      };
    case 'resume': {
      const { lastCheckAt: _dropped, ...rest } = state;
      return {
        accepted: true,
        state: {
          ...rest,
          phase: 'progressing',
          stepStartedAt: now.toISOString(),
        },
        message: `${actor} resumed the rollout at ${label}; the step bakes again`,
      };
    }
    case 'promote':
      return {
        accepted: true,
        state: { ...state, phase: 'promoted', weight: 100 },
        message: `${actor} promoted ${version} to 100 % from ${label}`,
      };
    default:
      return {
        accepted: true,
        state: { ...state, phase: 'aborted', weight: 0 },
        message: `${actor} aborted the rollout at ${label}; ${version} to 0 %`,
      };
  }
}
