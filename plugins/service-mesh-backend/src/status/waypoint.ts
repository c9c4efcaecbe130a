import { MembershipStatus } from '@service-mesh/plugin-service-mesh-common';
import { NamespaceObjects } from './kubeObjects';

const WAYPOINT_NAMESPACE_LABEL = 'istio.io/use-waypoint-namespace';

/** The membership with whether its waypoint's Gateway exists, when the namespace's Gateways were read and the waypoint is local. */
export function withWaypointFound(
  membership: MembershipStatus,
  objects: NamespaceObjects,
): MembershipStatus {
  const gateways = objects.gatewayApiGateways;
  const elsewhere =
    objects.namespace?.metadata.labels?.[WAYPOINT_NAMESPACE_LABEL];
  if (!membership.waypoint || !gateways || elsewhere) return membership;
  return {
    ...membership,
    waypointFound: gateways.some(g => g.metadata.name === membership.waypoint),
  };
}
