import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { RolloutView } from '@service-mesh/plugin-service-mesh-common';

/** What promote and abort do to the route, in words. */
function consequence(
  rollout: RolloutView,
  action: 'promote' | 'abort',
): string {
  const { service, canary, stable } = rollout.plan;
  const now = `${canary.version} now takes ${rollout.state.weight} %`;
  return action === 'promote'
    ? `${now}; promoting sends all traffic of ${service} to ${canary.version} (100 %) and ends the rollout without further checks.`
    : `${now}; aborting sends all traffic of ${service} back to ${stable.version} (${canary.version} 0 %) and ends the rollout.`;
}

/** Asks before a promote or an abort, which end the rollout and move all traffic at once. */
export function ConfirmRolloutActionDialog(props: {
  open: boolean;
  rollout: RolloutView;
  action: 'promote' | 'abort';
  busy: boolean;
  onCancel(): void;
  onConfirm(): void;
}) {
  const { open, rollout, action, busy } = props;
  const verb = action === 'promote' ? 'Promote' : 'Abort';
  const titleId = `rollout-${action}-title`;
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : props.onCancel}
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>
        {verb} the rollout of {rollout.plan.service}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>{consequence(rollout, action)}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={props.onConfirm}
          color={action === 'abort' ? 'secondary' : 'primary'}
          variant="contained"
          disabled={busy}
        >
          {busy ? `${verb.replace(/e$/, '')}ing…` : verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
