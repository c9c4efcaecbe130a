import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import {
  Finding,
  ServiceStatus,
  configuredSplit,
  routeCaption,
  weightedTrafficRoute,
} from '@service-mesh/plugin-service-mesh-common';
import { WeightBar } from './WeightBar';
import { formatSplit } from './format';

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  },
  line: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  drift: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.warning.main,
    fontWeight: theme.typography.fontWeightBold as number,
    whiteSpace: 'nowrap',
  },
}));

/**
 * Configured weights of a routed service as a bar, the observed share with
 * it, and a flag when the backend found that they drift apart.
 */
export function SplitSummary(props: {
  service: ServiceStatus;
  findings: Finding[];
  /** Names the route's object under the bar (`HTTPRoute web-route`), where nothing else does. */
  showRoute?: boolean;
}) {
  const { service, findings } = props;
  const classes = useStyles();
  const route = weightedTrafficRoute(service);
  if (!route) return null;
  const observed = service.observed?.splitByVersion;
  const drift = findings.find(
    f => f.code === 'split-drift' && f.service === service.name,
  );
  return (
    <Box className={classes.summary}>
      <WeightBar service={service.name} split={configuredSplit(route)} />
      {props.showRoute && (
        <Typography variant="caption" color="textSecondary" noWrap>
          {routeCaption(route)}
        </Typography>
      )}
      <Box className={classes.line}>
        <Typography variant="caption" color="textSecondary" noWrap>
          observed {observed ? formatSplit(observed) : 'no data'}
        </Typography>
        {drift && (
          <Tooltip title={drift.message}>
            <span
              className={classes.drift}
              role="img"
              aria-label={`Observed split of ${service.name} drifts from the configured weights`}
            >
              <WarningIcon fontSize="small" />
              drift
            </span>
          </Tooltip>
        )}
      </Box>
    </Box>
  );
}
