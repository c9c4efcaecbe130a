import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  RolloutManualAction,
  RolloutPlan,
  ServiceStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { isActiveRollout } from '../../delivery/rolloutPhases';
import { ExternalDeliveryNotice } from './ExternalDeliveryNotice';
import { RolloutChart } from './RolloutChart';
import { RolloutControls } from './RolloutControls';
import { RolloutSummary } from './RolloutSummary';
import { RolloutTimeline } from './RolloutTimeline';
import { StartRolloutForm } from './StartRolloutForm';

/**
 * One service's progressive delivery: the controller that owns it, or its
 * rollout (summary, controls, chart, timeline), and a form for a new rollout
 * when none is active.
 */
export function ServiceDelivery(props: {
  service: ServiceStatus;
  editable: boolean;
  onStart(plan: RolloutPlan): Promise<void>;
  onAction(action: RolloutManualAction): Promise<void>;
}) {
  const { service, editable } = props;
  const { rollout, rolloutProblem, deliveredBy } = service;
  return (
    <Box
      mb={3}
      role="group"
      aria-label={`Progressive delivery of ${service.name}`}
    >
      <Typography variant="subtitle1">{service.name}</Typography>
      {deliveredBy ? (
        <ExternalDeliveryNotice delivery={deliveredBy} />
      ) : (
        <>
          {rolloutProblem && (
            <Box my={1}>
              <Alert severity="warning">
                The rollout annotation of {rolloutProblem.route.kind}{' '}
                {rolloutProblem.route.name} cannot be read:{' '}
                {rolloutProblem.message}
              </Alert>
            </Box>
          )}
          {rollout && (
            <Box my={1}>
              <RolloutSummary rollout={rollout} />
              <RolloutControls
                rollout={rollout}
                editable={editable}
                onAction={props.onAction}
              />
              <Box my={1}>
                <RolloutChart rollout={rollout} />
              </Box>
              <RolloutTimeline rollout={rollout} />
            </Box>
          )}
          {!isActiveRollout(rollout) && !rolloutProblem && (
            <Box mt={2}>
              <StartRolloutForm
                service={service}
                editable={editable}
                onStart={props.onStart}
              />
            </Box>
          )}
        </>
      )}
    </Box>
  );
}
