import {
  DATAPLANE_MODE_LABEL,
  WorkloadStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { KubeObject } from './kubeObjects';
import { isAmbient, waypointOf } from './istioLabels';

/** What decides whether a service's workloads are ambient: the namespace's and the service's labels. */
export interface AmbientContext {
  namespaceAmbient: boolean;
  /** The waypoint of the service (its label), else of the namespace. */
  waypoint?: string;
}

export function ambientContextOf(
  namespace: KubeObject | undefined,
  service: KubeObject,
): AmbientContext {
  const waypoint =
    waypointOf(service.metadata.labels) ??
    waypointOf(namespace?.metadata.labels);
  return {
    namespaceAmbient: isAmbient(namespace?.metadata.labels),
    ...(waypoint ? { waypoint } : {}),
  };
}

/**
 * Whether a pod template is in the ambient data plane: its own
 * `istio.io/dataplane-mode` label (`none` opts out), else the namespace's.
 */
export function dataplaneOf(
  templateLabels: Record<string, string>,
  context: AmbientContext | undefined,
): { ambient: boolean; waypoint?: string } {
  const own = templateLabels[DATAPLANE_MODE_LABEL];
  const ambient = own ? own === 'ambient' : Boolean(context?.namespaceAmbient);
  const waypoint = waypointOf(templateLabels) ?? context?.waypoint;
  return ambient ? { ambient, ...(waypoint ? { waypoint } : {}) } : { ambient };
}

/**
 * Whether only ztunnel sees a service's traffic, at L4: every workload of it
 * is ambient without a waypoint, so no proxy in the path reports requests.
 */
export function l4OnlyOf(workloads: WorkloadStatus[]): boolean {
  return (
    workloads.length > 0 &&
    workloads.every(w => w.dataplane === 'ambient' && !w.waypoint)
  );
}
