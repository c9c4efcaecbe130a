import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ServiceStatus } from '@service-mesh/plugin-service-mesh-common';
import { routeRows } from './routeRows';

/** The VirtualService routes and HTTPRoute rules of each service, one row per destination. */
export function RoutesTable(props: { services: ServiceStatus[] }) {
  const rows = routeRows(props.services);
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No VirtualService or HTTPRoute routes these services.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Routes">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>Route</TableCell>
          <TableCell>Hosts / gateways</TableCell>
          <TableCell>Destination</TableCell>
          <TableCell>Subset</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Weight</TableCell>
          <TableCell>Matching pods</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(
          ({ key, service, kind, route, hosts, via, missing, destination }) => (
            <TableRow key={key}>
              <TableCell>{service}</TableCell>
              <TableCell>{kind}</TableCell>
              <TableCell>{route}</TableCell>
              <TableCell>
                {hosts.join(', ')}
                {via.length > 0 && (
                  <Typography
                    variant="caption"
                    display="block"
                    color="textSecondary"
                  >
                    via {via.join(', ')}
                    {missing.length > 0 && ` (missing: ${missing.join(', ')})`}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                {destination.host}
                {destination.port ? `:${destination.port}` : ''}
              </TableCell>
              <TableCell>
                {destination.subset ?? '-'}
                {destination.subset && !destination.subsetDefined && (
                  <Typography variant="caption" display="block" color="error">
                    not defined by any DestinationRule
                  </Typography>
                )}
              </TableCell>
              <TableCell>{destination.version ?? '-'}</TableCell>
              <TableCell>{destination.weight}%</TableCell>
              <TableCell>{destination.matchingPods ?? '-'}</TableCell>
            </TableRow>
          ),
        )}
      </TableBody>
    </Table>
  );
}
