import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';
import ErrorIcon from '@material-ui/icons/Error';
import InfoIcon from '@material-ui/icons/Info';
import WarningIcon from '@material-ui/icons/Warning';
import { Finding, Severity } from '@service-mesh/plugin-service-mesh-common';

const useStyles = makeStyles(theme => ({
  error: { color: theme.palette.error.main },
  warning: { color: theme.palette.warning.main },
  info: { color: theme.palette.info.main },
  icon: { minWidth: theme.spacing(4) },
}));

const icons: Record<Severity, typeof ErrorIcon> = {
  error: ErrorIcon,
  warning: WarningIcon,
  info: InfoIcon,
};

/** What is wrong with the mesh setup, most severe first (the backend's order). */
export function FindingsList(props: { findings: Finding[] }) {
  const classes = useStyles();
  if (props.findings.length === 0) return null;
  return (
    <List dense aria-label="Findings">
      {props.findings.map((finding, index) => {
        const Icon = icons[finding.severity];
        return (
          <ListItem key={`${finding.code}-${index}`} disableGutters>
            <ListItemIcon className={classes.icon}>
              <Icon
                className={classes[finding.severity]}
                titleAccess={finding.severity}
                fontSize="small"
              />
            </ListItemIcon>
            <ListItemText
              primary={finding.message}
              secondary={
                finding.object
                  ? `${finding.object.kind} ${finding.object.name}`
                  : undefined
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
