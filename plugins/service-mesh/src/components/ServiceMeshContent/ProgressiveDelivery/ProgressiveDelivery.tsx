import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  MeshStatus,
  RolloutManualAction,
  RolloutPlan,
  ServiceStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../../api';
import { meshEntityRef, useTrafficUpdatePermission } from '../../../hooks';
import { rolloutSubsets } from './rolloutPlanInputs';
import { ServiceDelivery } from './ServiceDelivery';

/** Services a rollout can step: routed, with two subsets or per-version Services; and those with a rollout or an owner already. */
export function deliverableServices(status: MeshStatus): ServiceStatus[] {
  return status.services.filter(
    service =>
      service.rollout !== undefined ||
      service.rolloutProblem !== undefined ||
      service.deliveredBy !== undefined ||
      ((service.routes.length > 0 || (service.httpRoutes ?? []).length > 0) &&
        rolloutSubsets(service).length >= 2),
  );
}

/**
 * Canary rollouts of the entity's services: started, followed and steered
 * here; the backend steps the weights and checks each step.
 */
export function ProgressiveDelivery(props: {
  entity: Entity;
  status: MeshStatus;
  onChanged(status: MeshStatus): void;
}) {
  const { entity, status, onChanged } = props;
  const api = useApi(serviceMeshApiRef);
  const { allowed, loading } = useTrafficUpdatePermission(entity);
  const services = deliverableServices(status);
  if (services.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No service has a route with two subsets or per-version Services to roll
        out between.
      </Typography>
    );
  }
  const start = async (plan: RolloutPlan) =>
    onChanged(await api.startRollout(meshEntityRef(entity), plan));
  const control = (service: string) => async (action: RolloutManualAction) =>
    onChanged(await api.controlRollout(meshEntityRef(entity), service, action));
  return (
    <>
      {!allowed && !loading && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Only users who may change the traffic of this entity start or steer
          its rollouts; they are shown read-only.
        </Typography>
      )}
      {services.map(service => (
        <ServiceDelivery
          key={service.name}
          service={service}
          editable={allowed}
          onStart={start}
          onAction={control(service.name)}
        />
      ))}
    </>
  );
}
