import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ServiceStatus } from '@service-mesh/plugin-service-mesh-common';

/**
 * `{tcp: {maxConnections: 1}}` -> `[['tcp.maxConnections', '1']]`, keeping
 * Istio's field names. Absent settings (a DestinationRule with outlier
 * detection and no connection pool, or the reverse) are left out.
 */
export function flattenSettings(
  settings: Record<string, unknown>,
  prefix = '',
): [string, string][] {
  return Object.entries(settings).flatMap(([key, value]) => {
    if (value === undefined || value === null) return [];
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return flattenSettings(value as Record<string, unknown>, path);
    }
    return [[path, JSON.stringify(value).replace(/^"(.*)"$/, '$1')]];
  });
}

/** The outlier detection and connection pool of each service that has them. */
export function CircuitBreakers(props: { services: ServiceStatus[] }) {
  const guarded = props.services.filter(s => s.circuitBreaker);
  if (guarded.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No service has a circuit breaker (DestinationRule outlierDetection or
        connectionPool).
      </Typography>
    );
  }
  return (
    <>
      {guarded.map(service => {
        const breaker = service.circuitBreaker!;
        const settings = flattenSettings({
          outlierDetection: breaker.outlierDetection,
          connectionPool: breaker.connectionPool,
        });
        return (
          <Box
            key={service.name}
            mb={2}
            role="group"
            aria-label={`Circuit breaker of ${service.name}`}
          >
            <Typography variant="subtitle2">
              {service.name} (DestinationRule {breaker.destinationRule})
            </Typography>
            <Table size="small">
              <TableBody>
                {settings.map(([path, value]) => (
                  <TableRow key={path}>
                    <TableCell component="th" scope="row">
                      <code>{path}</code>
                    </TableCell>
                    <TableCell>{value}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        );
      })}
    </>
  );
}
