import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { MeshStatus } from '@service-mesh/plugin-service-mesh-common';
import { ServiceRow } from './ServiceRow';

const useStyles = makeStyles({
  // A namespace can hold hundreds of services; the card scrolls instead of growing.
  container: { maxHeight: 480 },
});

export function ServicesTable(props: { status: MeshStatus }) {
  const { services, findings } = props.status;
  const classes = useStyles();
  return (
    <TableContainer className={classes.container}>
      <Table size="small" stickyHeader aria-label="Services">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Sidecar</TableCell>
            <TableCell>Traffic split</TableCell>
            <TableCell>Requests</TableCell>
            <TableCell>Kiali health</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {services.map(service => (
            <ServiceRow
              key={service.name}
              service={service}
              findings={findings}
            />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
