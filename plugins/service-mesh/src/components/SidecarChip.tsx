import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { SidecarState } from '@service-mesh/plugin-service-mesh-common';
import { SidecarSummary, sidecarLabel } from './sidecarSummary';

const useStyles = makeStyles(theme => ({
  chip: { borderWidth: 2, color: theme.palette.text.primary },
  injected: { borderColor: theme.palette.success.main },
  partial: { borderColor: theme.palette.warning.main },
  pending: { borderColor: theme.palette.warning.main },
  missing: { borderColor: theme.palette.error.main },
  notInMesh: { borderColor: theme.palette.text.disabled },
}));

const stateClass: Record<
  SidecarState,
  'injected' | 'partial' | 'pending' | 'missing' | 'notInMesh'
> = {
  injected: 'injected',
  partial: 'partial',
  pending: 'pending',
  missing: 'missing',
  'not-in-mesh': 'notInMesh',
};

/** The data plane of a service's pods, e.g. "2/2 pods with sidecar" or "ambient, no waypoint (2 pods)". */
export function SidecarChip(props: {
  service: string;
  summary: SidecarSummary;
}) {
  const { service, summary } = props;
  const classes = useStyles();
  const label = sidecarLabel(summary);
  return (
    <Chip
      size="small"
      variant="outlined"
      className={`${classes.chip} ${classes[stateClass[summary.state]]}`}
      label={label}
      aria-label={`${
        summary.ambient ? 'Data plane' : 'Sidecar'
      } of ${service}: ${label}`}
    />
  );
}
