import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import {
  RolloutManualAction,
  RolloutView,
} from '@service-mesh/plugin-service-mesh-common';
import { useState } from 'react';
import { allowedRolloutActions } from '../../delivery/rolloutPhases';
import { ConfirmRolloutActionDialog } from './ConfirmRolloutActionDialog';

const LABELS: Record<RolloutManualAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  promote: 'Promote',
  abort: 'Abort',
};

/**
 * The actions the rollout's phase allows; promote and abort ask first.
 * Disabled for users who may not change the entity's traffic.
 */
export function RolloutControls(props: {
  rollout: RolloutView;
  editable: boolean;
  onAction(action: RolloutManualAction): Promise<void>;
}) {
  const { rollout, editable } = props;
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<'promote' | 'abort'>();
  const [failure, setFailure] = useState<Error>();
  const actions = allowedRolloutActions(rollout.state.phase);
  if (actions.length === 0) return null;

  const run = async (action: RolloutManualAction) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await props.onAction(action);
    } catch (error) {
      setFailure(error as Error);
    }
    setBusy(false);
    setConfirming(undefined);
  };

  return (
    <Box my={1}>
      <Box display="flex" style={{ gap: 8 }}>
        {actions.map(action => (
          <Button
            key={action}
            variant="outlined"
            color={action === 'abort' ? 'secondary' : 'primary'}
            disabled={!editable || busy}
            aria-label={`${LABELS[action]} the rollout of ${rollout.plan.service}`}
            onClick={() =>
              action === 'promote' || action === 'abort'
                ? setConfirming(action)
                : run(action)
            }
          >
            {LABELS[action]}
          </Button>
        ))}
      </Box>
      {failure && (
        <Box mt={1}>
          <Alert severity="error">{failure.message}</Alert>
        </Box>
      )}
      {confirming && (
        <ConfirmRolloutActionDialog
          open
          rollout={rollout}
          action={confirming}
          busy={busy}
          onCancel={() => setConfirming(undefined)}
          onConfirm={() => run(confirming)}
        />
      )}
    </Box>
  );
}
