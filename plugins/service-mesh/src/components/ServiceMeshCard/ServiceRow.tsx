import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  Finding,
  ServiceStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { HealthStatus } from '../HealthStatus';
import { SidecarChip } from '../SidecarChip';
import { SplitSummary } from '../SplitSummary';
import { L4_ONLY, formatErrorRatio, formatL4, formatRate } from '../format';
import { summarizeSidecars } from '../sidecarSummary';
import { DeliveryChip } from './DeliveryChip';

/** One service on the card: sidecars, split (and its rollout), rates (ztunnel's L4 figures when that is all there is) and health. */
export function ServiceRow(props: {
  service: ServiceStatus;
  findings: Finding[];
}) {
  const { service, findings } = props;
  const sidecars = summarizeSidecars(service.workloads);
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        <Typography variant="body2">{service.name}</Typography>
      </TableCell>
      <TableCell>
        {sidecars ? (
          <SidecarChip service={service.name} summary={sidecars} />
        ) : (
          <Typography variant="caption" color="textSecondary">
            no workloads
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <SplitSummary service={service} findings={findings} showRoute />
        <DeliveryChip service={service} />
      </TableCell>
      <TableCell>
        <Typography variant="body2" noWrap>
          {service.l4Only ? L4_ONLY : formatRate(service.observed?.requestRate)}
        </Typography>
        <Typography variant="caption" color="textSecondary" noWrap>
          {service.l4Only
            ? formatL4(service.observed?.l4)
            : formatErrorRatio(service.observed?.errorRatio)}
        </Typography>
      </TableCell>
      <TableCell>
        <HealthStatus health={service.health} />
      </TableCell>
    </TableRow>
  );
}
