import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { KialiHealth } from '@service-mesh/plugin-service-mesh-common';

const labels: Record<KialiHealth['status'], string> = {
  Healthy: 'Healthy',
  Degraded: 'Degraded',
  Failure: 'Failure',
  NotReady: 'Not ready',
  NA: 'No traffic',
};

/** Kiali's health of a service, or a dash when Kiali has not answered. */
export function HealthStatus(props: { health?: KialiHealth }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <HealthStatusIcon health={props.health} />
    </span>
  );
}

function HealthStatusIcon(props: { health?: KialiHealth }) {
  const { health } = props;
  if (!health) return <StatusAborted>unknown</StatusAborted>;
  const label = labels[health.status];
  switch (health.status) {
    case 'Healthy':
      return <StatusOK>{label}</StatusOK>;
    case 'Degraded':
      return <StatusWarning>{label}</StatusWarning>;
    case 'Failure':
      return <StatusError>{label}</StatusError>;
    case 'NotReady':
      return <StatusPending>{label}</StatusPending>;
    default:
      return <StatusAborted>{label}</StatusAborted>;
  }
}
