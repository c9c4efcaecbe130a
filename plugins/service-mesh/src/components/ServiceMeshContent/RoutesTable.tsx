import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ServiceStatus } from '@service-mesh/plugin-service-mesh-common';

/** The VirtualService routes of each service, one row per destination. */
export function RoutesTable(props: { services: ServiceStatus[] }) {
  const rows = props.services.flatMap(service =>
    service.routes.flatMap(route =>
      route.destinations.map((destination, index) => ({
        service: service.name,
        route,
        destination,
        key: `${route.virtualService}/${route.httpRouteIndex}/${index}`,
      })),
    ),
  );
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No VirtualService routes these services.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Routes">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>VirtualService</TableCell>
          <TableCell>Hosts / gateways</TableCell>
          <TableCell>Destination</TableCell>
          <TableCell>Subset</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Weight</TableCell>
          <TableCell>Matching pods</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(({ service, route, destination, key }) => (
          <TableRow key={key}>
            <TableCell>{service}</TableCell>
            <TableCell>
              {route.virtualService}
              {route.name ? ` (${route.name})` : ''}
            </TableCell>
            <TableCell>
              {route.hosts.join(', ')}
              {route.gateways.length > 0 && (
                <Typography
                  variant="caption"
                  display="block"
                  color="textSecondary"
                >
                  via {route.gateways.join(', ')}
                  {route.missingGateways.length > 0 &&
                    ` (missing: ${route.missingGateways.join(', ')})`}
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
        ))}
      </TableBody>
    </Table>
  );
}
