import { Content, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { MeshStatusOptions, useMeshStatus } from '../../hooks';
import { ControlPlaneSummary } from '../ControlPlaneSummary';
import { FindingsList } from '../FindingsList';
import { MeshLinks } from '../MeshLinks';
import { MeshStatusView } from '../MeshStatusView';
import { CircuitBreakers } from './CircuitBreakers';
import { ObservedTraffic } from './ObservedTraffic';
import { ProgressiveDelivery } from './ProgressiveDelivery/ProgressiveDelivery';
import { RoutesTable } from './RoutesTable';
import { TrafficGraphCard } from './TrafficGraph/TrafficGraphCard';
import { TrafficShifting } from './TrafficShifting';
import { WorkloadsTable } from './WorkloadsTable';

/** The entity tab: the full mesh view and traffic shifting. */
export function EntityServiceMeshContent(props: MeshStatusOptions) {
  const { entity } = useEntity();
  const state = useMeshStatus(entity, props);
  return (
    <Content noPadding>
      <MeshStatusView state={state}>
        {status => (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <InfoCard title="Mesh">
                <ControlPlaneSummary status={status} />
                <Box my={1}>
                  {status.findings.length > 0 ? (
                    <FindingsList findings={status.findings} />
                  ) : (
                    <Typography variant="body2" color="textSecondary">
                      No findings.
                    </Typography>
                  )}
                </Box>
                <MeshLinks links={status.links} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <TrafficGraphCard entity={entity} />
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Traffic shifting">
                <TrafficShifting
                  entity={entity}
                  status={status}
                  onShifted={state.setValue}
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Progressive delivery">
                <ProgressiveDelivery
                  entity={entity}
                  status={status}
                  onChanged={state.setValue}
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Observed traffic">
                <ObservedTraffic entity={entity} status={status} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Workloads">
                <WorkloadsTable services={status.services} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Routes">
                <RoutesTable services={status.services} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Circuit breakers">
                <CircuitBreakers services={status.services} />
              </InfoCard>
            </Grid>
          </Grid>
        )}
      </MeshStatusView>
    </Content>
  );
}
