import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { TrafficGraph } from '@service-mesh/plugin-service-mesh-common';
import { formatErrorRatio, formatRate } from '../../format';
import { HealthStatus } from '../../HealthStatus';
import {
  formatMtls,
  formatResponses,
  nodeRole,
  nodeTitle,
} from './trafficGraphText';

const useStyles = makeStyles({ figure: { whiteSpace: 'nowrap' } });

/**
 * The graph's edges as a table, for screen readers and for reading figures,
 * entry points first: caller, callee, share of the caller's requests, rate, errors and responses,
 * mTLS, circuit breaker, health.
 */
export function TrafficEdgesTable(props: { graph: TrafficGraph }) {
  const { graph } = props;
  const classes = useStyles();
  const byId = new Map(graph.nodes.map(n => [n.id, n]));
  const name = (id: string) => {
    const node = byId.get(id)!;
    const role = nodeRole(node, graph.namespace);
    return role ? `${nodeTitle(node)} (${role})` : nodeTitle(node);
  };
  // Where requests enter first (gateways, callers outside the mesh), then by caller.
  const entry = (id: string) =>
    ['gateway', 'unknown'].includes(byId.get(id)!.kind) ? 0 : 1;
  const rows = [...graph.edges].sort(
    (a, b) =>
      entry(a.source) - entry(b.source) ||
      name(a.source).localeCompare(name(b.source)) ||
      b.sharePercent - a.sharePercent,
  );
  return (
    <Table size="small" aria-label="Traffic edges">
      <TableHead>
        <TableRow>
          <TableCell>From</TableCell>
          <TableCell>To</TableCell>
          <TableCell>Share of caller's requests</TableCell>
          <TableCell>Request rate</TableCell>
          <TableCell>Errors</TableCell>
          <TableCell>Responses</TableCell>
          <TableCell>mTLS</TableCell>
          <TableCell>Circuit breaker</TableCell>
          <TableCell>Health</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(edge => (
          <TableRow key={edge.id}>
            <TableCell component="th" scope="row">
              {name(edge.source)}
            </TableCell>
            <TableCell>{name(edge.target)}</TableCell>
            <TableCell className={classes.figure}>{`${edge.sharePercent.toFixed(
              1,
            )}%`}</TableCell>
            <TableCell className={classes.figure}>
              {formatRate(edge.requestRate)}
            </TableCell>
            <TableCell className={classes.figure}>
              {formatErrorRatio(edge.errorRatio)}
            </TableCell>
            <TableCell>
              {formatResponses(edge).map((response, i, all) => (
                <span key={response} className={classes.figure}>
                  {response}
                  {i < all.length - 1 ? ', ' : ''}
                </span>
              ))}
            </TableCell>
            <TableCell className={classes.figure}>
              {formatMtls(edge.mtlsRatio) ?? 'unknown'}
            </TableCell>
            <TableCell>
              {edge.circuitBreakerTripped ? 'open (UO/UH)' : '-'}
            </TableCell>
            <TableCell>
              <HealthStatus
                health={{
                  status: edge.health,
                  source: 'tolerances',
                  reason: `${
                    Math.round(edge.errorRatio * 1000) / 10
                  }% of these requests failed (no response, 4xx or 5xx), judged by Kiali's default tolerances`,
                }}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
