import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { KialiHealth } from '@service-mesh/plugin-service-mesh-common';

/** The words of Kiali's UI (NA is its "No health information"). */
const labels: Record<KialiHealth['status'], string> = {
  Healthy: 'Healthy',
  Degraded: 'Degraded',
  Failure: 'Failure',
  'Not Ready': 'Not Ready',
  NA: 'No health information',
};

/** The tooltip: why Kiali's health is what it is. */
export function healthExplanation(health: KialiHealth): string {
  const context = [
    ...(health.source === 'tolerances'
      ? ["Kiali's tolerances applied to Kiali's request rates"]
      : []),
    ...(health.requestRate !== undefined
      ? [`${health.requestRate} req/s`]
      : []),
  ];
  return context.length > 0
    ? `${health.reason} (${context.join(', ')})`
    : health.reason;
}

/** Kiali's health of a service or workload, with the reason in a tooltip. */
export function HealthStatus(props: { health?: KialiHealth }) {
  const { health } = props;
  if (!health)
    return (
      <span style={{ whiteSpace: 'nowrap' }}>
        <StatusAborted>unknown</StatusAborted>
      </span>
    );
  if (health.noHealthYetAt) {
    const asked = new Date(health.noHealthYetAt).toLocaleTimeString();
    return (
      <Tooltip
        title={`Kiali answered without health at ${asked}: it computes health in the background after it starts`}
      >
        <span style={{ whiteSpace: 'nowrap' }}>
          <StatusPending>Kiali has no health yet</StatusPending>
          <Typography variant="caption" color="textSecondary" display="block">
            asked at {asked}
          </Typography>
        </span>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={healthExplanation(health)}>
      <span style={{ whiteSpace: 'nowrap' }}>
        <HealthIcon status={health.status} />
      </span>
    </Tooltip>
  );
}

function HealthIcon(props: { status: KialiHealth['status'] }) {
  const label = labels[props.status];
  switch (props.status) {
    case 'Healthy':
      return <StatusOK>{label}</StatusOK>;
    case 'Degraded':
      return <StatusWarning>{label}</StatusWarning>;
    case 'Failure':
      return <StatusError>{label}</StatusError>;
    case 'Not Ready':
      return <StatusPending>{label}</StatusPending>;
    default:
      return <StatusAborted>{label}</StatusAborted>;
  }
}
