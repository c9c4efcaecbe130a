import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  MeshStatus,
  ServiceStatus,
  WeightedTrafficRoute,
  configuredSplit,
  isShiftable,
  routeCaption,
  shiftWeightsOf,
  weightedTrafficRoute,
} from '@service-mesh/plugin-service-mesh-common';
import { useState } from 'react';
import { serviceMeshApiRef } from '../../api';
import { meshEntityRef, useTrafficUpdatePermission } from '../../hooks';
import { deliveryOwnerName } from '../delivery/deliveryText';
import { SplitSummary } from '../SplitSummary';
import { formatSplit } from '../format';
import { WeightsEditor } from './WeightsEditor';

/**
 * The weighted routes of the entity's services: editable when the user may
 * update the entity's traffic, read-only otherwise.
 */
export function TrafficShifting(props: {
  entity: Entity;
  status: MeshStatus;
  onShifted(status: MeshStatus): void;
}) {
  const { entity, status } = props;
  const { allowed, loading } = useTrafficUpdatePermission(entity);
  const routed = status.services.flatMap(service => {
    const route = weightedTrafficRoute(service);
    return route ? [{ service, route }] : [];
  });
  if (routed.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No service splits its traffic between versions.
      </Typography>
    );
  }
  return (
    <>
      {!allowed && !loading && (
        <Typography variant="body2" color="textSecondary" paragraph>
          You may not change the traffic of this entity; the weights are
          read-only.
        </Typography>
      )}
      {routed.map(({ service, route }) => (
        <ServiceWeights
          key={service.name}
          entity={entity}
          service={service}
          route={route}
          status={status}
          editable={allowed}
          onShifted={props.onShifted}
        />
      ))}
    </>
  );
}

function ServiceWeights(props: {
  entity: Entity;
  service: ServiceStatus;
  route: WeightedTrafficRoute;
  status: MeshStatus;
  editable: boolean;
  onShifted(status: MeshStatus): void;
}) {
  const { entity, service, route, status, editable } = props;
  const api = useApi(serviceMeshApiRef);
  const [applied, setApplied] = useState<Record<string, number>>();
  const weights = shiftWeightsOf(route);
  const owner = service.deliveredBy;
  const shiftable = editable && !owner && isShiftable(route);

  const apply = async (next: Record<string, number>) => {
    const updated = await api.shiftTraffic(meshEntityRef(entity), {
      service: service.name,
      weights: next,
    });
    setApplied(next);
    props.onShifted(updated);
  };

  return (
    <Box mb={3} role="group" aria-label={`Traffic of ${service.name}`}>
      <Typography variant="subtitle1">
        {service.name}{' '}
        <Typography component="span" variant="caption" color="textSecondary">
          {routeCaption(route)}
        </Typography>
      </Typography>
      <Box my={1}>
        <SplitSummary service={service} findings={status.findings} />
      </Box>
      {applied && (
        <Box mb={1}>
          <Alert severity="success">
            Traffic of {service.name} shifted to {formatSplit(applied)}.
          </Alert>
        </Box>
      )}
      {shiftable ? (
        <WeightsEditor
          key={JSON.stringify(weights)}
          service={service.name}
          route={route}
          onApply={apply}
        />
      ) : (
        <Typography variant="body2">
          Weights: {formatSplit(configuredSplit(route))}
        </Typography>
      )}
      {owner && (
        <Typography variant="body2" color="textSecondary">
          Managed by {deliveryOwnerName(owner)}: the portal does not change
          these weights.
        </Typography>
      )}
    </Box>
  );
}
