import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useEntity } from '@backstage/plugin-catalog-react';
import { MeshStatusOptions, useMeshStatus } from '../../hooks';
import { ControlPlaneSummary } from '../ControlPlaneSummary';
import { FindingsList } from '../FindingsList';
import { MeshLinks } from '../MeshLinks';
import { MeshStatusView } from '../MeshStatusView';
import { ServicesTable } from './ServicesTable';

/** @public */
export interface EntityServiceMeshCardProps extends MeshStatusOptions {
  title?: string;
}

/**
 * The overview card: is the entity in the mesh, where does its traffic go, is
 * anything wrong. A System shows every service of its namespace, a Component
 * its own (the backend scopes the status).
 */
export function EntityServiceMeshCard(props: EntityServiceMeshCardProps) {
  const { entity } = useEntity();
  const state = useMeshStatus(entity, props);
  return (
    <InfoCard title={props.title ?? 'Service mesh'}>
      <MeshStatusView state={state}>
        {status => (
          <>
            <ControlPlaneSummary status={status} />
            <ServicesTable status={status} />
            {status.findings.length > 0 && (
              <Box mt={2}>
                <Typography variant="subtitle2">Findings</Typography>
                <FindingsList findings={status.findings} />
              </Box>
            )}
            <Box mt={1}>
              <MeshLinks links={status.links} />
            </Box>
          </>
        )}
      </MeshStatusView>
    </InfoCard>
  );
}
