import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { ServiceStatus } from '@service-mesh/plugin-service-mesh-common';
import { HealthStatus } from '../HealthStatus';
import { SidecarChip } from '../SidecarChip';
import { summarizeSidecars } from '../sidecarSummary';

const useStyles = makeStyles(theme => ({
  labels: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
}));

/** Every workload of every service: pods, sidecar, proxy version, labels and Kiali health. */
export function WorkloadsTable(props: { services: ServiceStatus[] }) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Workloads">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Workload</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Ready pods</TableCell>
          <TableCell>Sidecar</TableCell>
          <TableCell>Proxy</TableCell>
          <TableCell>Labels</TableCell>
          <TableCell>Kiali health</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.services.flatMap(service =>
          service.workloads.map(workload => (
            <TableRow key={`${service.name}/${workload.kind}/${workload.name}`}>
              <TableCell>{service.name}</TableCell>
              <TableCell component="th" scope="row">
                {workload.name}
              </TableCell>
              <TableCell>{workload.version ?? '-'}</TableCell>
              <TableCell>
                {workload.readyPods}/{workload.replicas}
              </TableCell>
              <TableCell>
                <SidecarChip
                  service={workload.name}
                  summary={summarizeSidecars([workload])!}
                />
              </TableCell>
              <TableCell>{workload.proxyVersion ?? '-'}</TableCell>
              <TableCell>
                <div className={classes.labels}>
                  {Object.entries(workload.labels).map(([key, value]) => (
                    <Chip key={key} size="small" label={`${key}=${value}`} />
                  ))}
                </div>
              </TableCell>
              <TableCell>
                <HealthStatus health={workload.health} />
              </TableCell>
            </TableRow>
          )),
        )}
      </TableBody>
    </Table>
  );
}
