import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { ServiceStatus } from '@service-mesh/plugin-service-mesh-common';
import {
  externalDeliveryChipLabel,
  rolloutChipLabel,
} from '../delivery/deliveryText';

/** A service's active rollout, or the controller that delivers it; nothing otherwise. */
export function DeliveryChip(props: { service: ServiceStatus }) {
  const { service } = props;
  const label = service.deliveredBy
    ? externalDeliveryChipLabel(service.deliveredBy)
    : rolloutChipLabel(service.rollout);
  if (!label) return null;
  return (
    <Box mt={0.5}>
      <Chip
        size="small"
        color="primary"
        variant="outlined"
        label={label}
        aria-label={`Delivery of ${service.name}: ${label}`}
      />
    </Box>
  );
}
