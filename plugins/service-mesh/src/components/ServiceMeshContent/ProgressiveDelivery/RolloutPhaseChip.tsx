import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { RolloutPhase } from '@service-mesh/plugin-service-mesh-common';
import { rolloutPhaseLabel } from '../../delivery/rolloutPhases';

const useStyles = makeStyles(theme => ({
  chip: { borderWidth: 2, color: theme.palette.text.primary },
  progressing: { borderColor: theme.palette.info.main },
  paused: { borderColor: theme.palette.warning.main },
  promoted: { borderColor: theme.palette.success.main },
  rolledBack: { borderColor: theme.palette.error.main },
  aborted: { borderColor: theme.palette.text.disabled },
}));

/** A rollout's phase, outlined in the colour of what it means. */
export function RolloutPhaseChip(props: {
  service: string;
  phase: RolloutPhase;
}) {
  const { service, phase } = props;
  const classes = useStyles();
  const label = rolloutPhaseLabel(phase);
  return (
    <Chip
      size="small"
      variant="outlined"
      className={`${classes.chip} ${classes[phase]}`}
      label={label}
      aria-label={`Rollout of ${service}: ${label}`}
    />
  );
}
