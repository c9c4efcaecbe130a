import {
  rolloutActionsAllowedIn,
  RolloutManualAction,
  RolloutPhase,
  RolloutView,
} from '@service-mesh/plugin-service-mesh-common';

/** Pause, resume, promote and abort as the phase allows them, in that order. */
export function allowedRolloutActions(
  phase: RolloutPhase,
): RolloutManualAction[] {
  return rolloutActionsAllowedIn(phase);
}

/** A rollout that still holds the route: progressing or paused. */
export function isActiveRollout(rollout: RolloutView | undefined): boolean {
  return (
    rollout !== undefined &&
    (rollout.state.phase === 'progressing' || rollout.state.phase === 'paused')
  );
}

const PHASE_LABELS: Record<RolloutPhase, string> = {
  progressing: 'progressing',
  paused: 'paused',
  promoted: 'promoted',
  rolledBack: 'rolled back',
  aborted: 'aborted',
};

/** The phase in words: `rolledBack` -> `rolled back`. */
export function rolloutPhaseLabel(phase: RolloutPhase): string {
  return PHASE_LABELS[phase];
}
