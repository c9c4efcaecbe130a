import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { RolloutView } from '@service-mesh/plugin-service-mesh-common';

const useStyles = makeStyles({
  // A timeline keeps up to 120 entries; the table scrolls instead of growing.
  container: { maxHeight: 320 },
  short: { whiteSpace: 'nowrap' },
});

/** The rollout's timeline, newest first. */
export function RolloutTimeline(props: { rollout: RolloutView }) {
  const { rollout } = props;
  const classes = useStyles();
  const events = rollout.timeline
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        Date.parse(b.event.at) - Date.parse(a.event.at) || b.index - a.index,
    );
  return (
    <TableContainer className={classes.container}>
      <Table
        size="small"
        stickyHeader
        aria-label={`Timeline of the rollout of ${rollout.plan.service}`}
      >
        <TableHead>
          <TableRow>
            <TableCell>Time</TableCell>
            <TableCell>Event</TableCell>
            <TableCell>{rollout.plan.canary.version} weight</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>By</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {events.map(({ event, index }) => (
            <TableRow key={`${event.at} ${index}`}>
              <TableCell className={classes.short}>
                <time dateTime={event.at}>
                  {new Date(event.at).toLocaleTimeString()}
                </time>
              </TableCell>
              <TableCell className={classes.short}>{event.kind}</TableCell>
              <TableCell className={classes.short}>{event.weight} %</TableCell>
              <TableCell>{event.message}</TableCell>
              <TableCell>{event.actor ?? '-'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
