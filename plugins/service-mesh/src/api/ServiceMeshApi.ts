import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  MeshStatus,
  RequestRateHistory,
  RolloutManualAction,
  RolloutPlan,
  TrafficGraph,
  TrafficGraphWindow,
} from '@service-mesh/plugin-service-mesh-common';

/**
 * Which catalog entity to ask about; the backend resolves everything else from the catalog.
 *
 * @public
 */
export interface MeshEntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * New weights for the weighted route of one service, keyed by subset name.
 *
 * @public
 */
export interface TrafficShiftRequest {
  service: string;
  weights: Record<string, number>;
}

/**
 * Reads an entity's service mesh status, shifts its traffic and runs its rollouts.
 *
 * @public
 */
export interface ServiceMeshApi {
  /**
   * The entity's status. With `sinceVersion` (the `version` of a status from
   * a backend with watches on), the backend answers when the status differs
   * from that version, or after about 25 s with the same one.
   */
  getStatus(
    entity: MeshEntityRef,
    options?: { signal?: AbortSignal; sinceVersion?: number },
  ): Promise<MeshStatus>;
  /** Each service's request rate over the last `minutes` (the backend's default when absent), from Prometheus. */
  getRequestRates(
    entity: MeshEntityRef,
    options?: { minutes?: number; signal?: AbortSignal },
  ): Promise<RequestRateHistory>;
  /** The entity's traffic graph over the last `window` (the backend's default, 5m, when absent). */
  getTrafficGraph(
    entity: MeshEntityRef,
    options?: { window?: TrafficGraphWindow; signal?: AbortSignal },
  ): Promise<TrafficGraph>;
  /** Applies new weights and answers the status after the change. */
  shiftTraffic(
    entity: MeshEntityRef,
    request: TrafficShiftRequest,
  ): Promise<MeshStatus>;
  /** Starts a canary rollout of `plan.service` and answers the status with it. */
  startRollout(entity: MeshEntityRef, plan: RolloutPlan): Promise<MeshStatus>;
  /** Pauses, resumes, promotes or aborts the rollout of `service`; answers the status after it. */
  controlRollout(
    entity: MeshEntityRef,
    service: string,
    action: RolloutManualAction,
  ): Promise<MeshStatus>;
}

/** @public */
export const serviceMeshApiRef = createApiRef<ServiceMeshApi>().with({
  id: 'plugin.service-mesh',
  pluginId: 'service-mesh',
});
