import Box from '@material-ui/core/Box';
import TableCell from '@material-ui/core/TableCell';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import { RequestRateHistory } from '@service-mesh/plugin-service-mesh-common';
import { rateWindow } from '../requestRateSeries';
import { RequestRateSparkline, SPARKLINE_SIZE } from '../RequestRateSparkline';

/** The request-rate column: its window, and the history once it has loaded. */
export interface RequestRateColumn {
  minutes: number;
  /** Absent while loading. */
  history?: RequestRateHistory;
}

/** One service's cell of the request-rate column; all states keep the sparkline's size. */
export function RequestRateCell(props: {
  service: string;
  column: RequestRateColumn;
  /** The service has L4 metrics only: no request rate to draw. */
  l4Only?: boolean;
}) {
  const { service, column, l4Only } = props;
  const { width, height } = SPARKLINE_SIZE;
  const { history } = column;
  const points = history?.services[service] ?? [];
  return (
    <TableCell>
      <Box display="flex" alignItems="center" width={width} height={height}>
        {!history && <Skeleton variant="rect" width={width} height={height} />}
        {history && points.length > 0 && (
          <RequestRateSparkline
            service={service}
            points={points}
            window={rateWindow(history)}
          />
        )}
        {history && points.length === 0 && (
          <Typography variant="body2" color="textSecondary" component="span">
            {l4Only ? 'no requests at L4' : 'no traffic'}
          </Typography>
        )}
      </Box>
    </TableCell>
  );
}
