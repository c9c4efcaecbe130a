import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { RolloutView } from '@service-mesh/plugin-service-mesh-common';
import { isActiveRollout } from '../../delivery/rolloutPhases';
import { RolloutPhaseChip } from './RolloutPhaseChip';

/** Where a rollout stands: its phase, its step and the weights of all steps. */
export function RolloutSummary(props: { rollout: RolloutView }) {
  const { rollout } = props;
  const { plan, state, steps } = rollout;
  const active = isActiveRollout(rollout);
  const where = active
    ? `step ${state.stepIndex + 1} of ${steps.length} at ${state.weight} %`
    : `ended at step ${state.stepIndex + 1} of ${steps.length}, ${
        plan.canary.version
      } at ${state.weight} %`;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <RolloutPhaseChip service={plan.service} phase={state.phase} />
      <Typography variant="body2">
        {plan.stable.version} → {plan.canary.version}: {where}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        steps {steps.map(w => `${w} %`).join(', ')}; {plan.checks.interval}{' '}
        checks, {plan.bakeSeconds} s bake
        {active &&
          state.failedChecks > 0 &&
          `; ${state.failedChecks} of ${plan.checks.failedChecksThreshold} checks failed in this step`}
      </Typography>
    </Box>
  );
}
