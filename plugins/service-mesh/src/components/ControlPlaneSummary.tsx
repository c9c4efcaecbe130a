import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { MeshStatus } from '@service-mesh/plugin-service-mesh-common';

const useStyles = makeStyles(theme => ({
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(0.5),
  },
}));

const via: Record<MeshStatus['membership']['via'], string> = {
  'member-roll': 'member roll',
  'member-of-label': 'member-of label',
  'istio-injection-label': 'istio-injection label',
  none: 'not a member',
};

/** What made the namespace a member: OSSM 3 / Istio labels say which revision or data plane. */
function memberVia(membership: MeshStatus['membership']): string {
  if (membership.via !== 'istio-injection-label') return via[membership.via];
  if (membership.dataplaneMode === 'ambient') return 'ambient';
  if (membership.revision && membership.revision !== 'default')
    return `revision ${membership.revision}`;
  return via[membership.via];
}

/** The header line: which control plane, whether it is ready, and the namespace's membership. */
export function ControlPlaneSummary(props: { status: MeshStatus }) {
  const { controlPlane, membership } = props.status;
  const classes = useStyles();
  return (
    <Box className={classes.line} aria-label="Control plane and membership">
      <Typography variant="body2" component="span">
        Control plane:{' '}
        {controlPlane ? (
          <>
            <strong>{controlPlane.name}</strong> in {controlPlane.namespace}
            {controlPlane.version ? ` (${controlPlane.version})` : ''}{' '}
            {controlPlane.ready ? (
              <StatusOK>ready</StatusOK>
            ) : (
              <StatusError>
                not ready{controlPlane.reason ? `: ${controlPlane.reason}` : ''}
              </StatusError>
            )}
          </>
        ) : (
          <StatusWarning>none found</StatusWarning>
        )}
      </Typography>
      <Typography variant="body2" component="span">
        Namespace <strong>{membership.namespace}</strong>:{' '}
        {membership.member ? (
          <StatusOK>in the mesh ({memberVia(membership)})</StatusOK>
        ) : (
          <StatusError>
            {controlPlane?.flavour === 'maistra'
              ? 'not in the member roll'
              : 'not in the mesh'}
          </StatusError>
        )}
      </Typography>
    </Box>
  );
}
