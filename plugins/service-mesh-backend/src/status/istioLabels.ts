import {
  DATAPLANE_MODE_LABEL,
  ISTIO_INJECTION_LABEL,
  ISTIO_REVISION_LABEL,
  USE_WAYPOINT_LABEL,
} from '@service-mesh/plugin-service-mesh-common';

type Labels = Record<string, string> | undefined;

export const isAmbient = (labels: Labels) =>
  labels?.[DATAPLANE_MODE_LABEL] === 'ambient';

/**
 * The Istio revision a namespace's labels ask for: `istio.io/rev`, else
 * `default` for `istio-injection=enabled` or the ambient label (ztunnel and
 * waypoints of the default revision serve it).
 */
export function requestedRevision(labels: Labels): string | undefined {
  const revision = labels?.[ISTIO_REVISION_LABEL];
  if (revision) return revision;
  if (labels?.[ISTIO_INJECTION_LABEL] === 'enabled' || isAmbient(labels))
    return 'default';
  return undefined;
}

/** The waypoint a namespace, service or pod label names; `none` opts out. */
export function waypointOf(labels: Labels): string | undefined {
  const waypoint = labels?.[USE_WAYPOINT_LABEL];
  return waypoint && waypoint !== 'none' ? waypoint : undefined;
}
