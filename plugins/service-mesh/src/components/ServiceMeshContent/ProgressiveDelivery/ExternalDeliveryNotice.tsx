import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ExternalDelivery } from '@service-mesh/plugin-service-mesh-common';
import { deliveryOwnerName } from '../../delivery/deliveryText';

/** The controller that owns a service's route, with what it reports. */
export function ExternalDeliveryNotice(props: { delivery: ExternalDelivery }) {
  const { delivery } = props;
  const figures = [
    delivery.phase && `phase ${delivery.phase}`,
    delivery.canaryWeight !== undefined &&
      `canary weight ${delivery.canaryWeight} %`,
  ].filter(Boolean);
  return (
    <Alert severity="info">
      <Typography variant="body2">
        Managed by {deliveryOwnerName(delivery)} in {delivery.namespace}
        {figures.length > 0 && `: ${figures.join(', ')}`}. The portal does not
        change its weights; shift its traffic there.
      </Typography>
      {delivery.link && (
        <Typography variant="body2">
          <Link to={delivery.link}>Open {deliveryOwnerName(delivery)}</Link>
        </Typography>
      )}
      {delivery.message && (
        <Typography variant="body2" color="textSecondary">
          {delivery.message}
        </Typography>
      )}
    </Alert>
  );
}
