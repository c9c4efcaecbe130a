import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ServiceStatus } from '@service-mesh/plugin-service-mesh-common';
import { HealthStatus } from '../HealthStatus';
import {
  L4_ONLY,
  formatErrorRatio,
  formatL4,
  formatLatency,
  formatRate,
  formatSplit,
} from '../format';
import { RequestRateCell, RequestRateColumn } from './RequestRateCell';

/**
 * What Prometheus (and Kiali) observe now, per service, and, with `rates`,
 * each service's request rate over the last minutes. A service only ztunnel
 * sees (ambient without a waypoint) says so, with its L4 figures, instead of
 * request figures that cannot exist.
 */
export function ObservedFigures(props: {
  services: ServiceStatus[];
  rates?: RequestRateColumn;
}) {
  const { rates } = props;
  return (
    <Table
      size="small"
      aria-label="Observed traffic"
      aria-busy={rates !== undefined && !rates.history}
    >
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Request rate</TableCell>
          {rates && <TableCell>Last {rates.minutes} minutes</TableCell>}
          <TableCell>Error ratio</TableCell>
          <TableCell>p95 latency</TableCell>
          <TableCell>Observed split</TableCell>
          <TableCell>Kiali health</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.services.map(service => {
          const observed = service.observed;
          return (
            <TableRow key={service.name}>
              <TableCell component="th" scope="row">
                {service.name}
              </TableCell>
              <TableCell>
                {service.l4Only ? (
                  <>
                    {L4_ONLY}
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                    >
                      {formatL4(observed?.l4)}
                    </Typography>
                  </>
                ) : (
                  formatRate(observed?.requestRate)
                )}
              </TableCell>
              {rates && (
                <RequestRateCell
                  service={service.name}
                  column={rates}
                  l4Only={service.l4Only}
                />
              )}
              <TableCell>
                {service.l4Only ? '-' : formatErrorRatio(observed?.errorRatio)}
              </TableCell>
              <TableCell>
                {service.l4Only ? '-' : formatLatency(observed?.latencyP95Ms)}
              </TableCell>
              <TableCell>
                {observed?.splitByVersion
                  ? formatSplit(observed.splitByVersion)
                  : '-'}
              </TableCell>
              <TableCell>
                <HealthStatus health={service.health} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
