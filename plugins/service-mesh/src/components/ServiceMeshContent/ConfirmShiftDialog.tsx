import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { formatSplit } from '../format';

/** Asks before weights change, naming the service, the old and the new split. */
export function ConfirmShiftDialog(props: {
  open: boolean;
  service: string;
  /** `VirtualService` or `HTTPRoute`: the object the weights are written to. */
  routeKind: string;
  from: Record<string, number>;
  to: Record<string, number>;
  busy: boolean;
  onCancel(): void;
  onConfirm(): void;
}) {
  const { open, service, routeKind, from, to, busy } = props;
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : props.onCancel}
      aria-labelledby="shift-traffic-title"
    >
      <DialogTitle id="shift-traffic-title">
        Shift traffic of {service}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          The {routeKind} route of {service} changes from {formatSplit(from)} to{' '}
          {formatSplit(to)}. Requests follow the new weights within seconds.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={props.onConfirm}
          color="primary"
          variant="contained"
          disabled={busy}
        >
          {busy ? 'Applying…' : 'Apply'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
