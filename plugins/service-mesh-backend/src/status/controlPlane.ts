import {
  ControlPlaneStatus,
  ISTIO_INJECTION_LABEL,
  MAISTRA_MEMBER_OF_LABEL,
  MembershipStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { ControlPlaneObjects, KubeObject } from './kubeObjects';
import { isAmbient, requestedRevision, waypointOf } from './istioLabels';
import { sailControlPlaneStatus } from './sailControlPlane';

const condition = (object: KubeObject, type: string) =>
  ((object.status?.conditions ?? []) as any[]).find(c => c.type === type);

function deploymentReady(deployment: KubeObject): boolean {
  const replicas = deployment.spec?.replicas ?? 1;
  return (
    (deployment.status?.readyReplicas ?? 0) >= replicas &&
    condition(deployment, 'Available')?.status === 'True'
  );
}

/** The control plane's name, version, readiness and components. */
export function controlPlaneStatus(
  controlPlane: ControlPlaneObjects,
): ControlPlaneStatus {
  const { object } = controlPlane;
  if (controlPlane.flavour === 'sail')
    return sailControlPlaneStatus(controlPlane);
  if (controlPlane.flavour === 'maistra') {
    const ready = condition(object, 'Ready');
    const readiness = object.status?.readiness?.components;
    const components = readiness
      ? [
          ...((readiness.ready ?? []) as string[]).map(name => ({
            name,
            ready: true,
          })),
          ...[...(readiness.unready ?? []), ...(readiness.pending ?? [])].map(
            (name: string) => ({ name, ready: false }),
          ),
        ]
      : controlPlane.deployments.map(d => ({
          name: d.metadata.name,
          ready: deploymentReady(d),
        }));
    return {
      flavour: 'maistra',
      name: object.metadata.name,
      namespace: object.metadata.namespace!,
      version: object.spec?.version ?? object.status?.chartVersion,
      ready: ready?.status === 'True',
      ...(ready?.status !== 'True'
        ? {
            reason:
              ready?.reason ?? 'the operator has not reported readiness yet',
          }
        : {}),
      components: components.sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
  const ready = deploymentReady(object);
  const image: string | undefined =
    object.spec?.template?.spec?.containers?.[0]?.image;
  return {
    flavour: 'istio',
    name: object.metadata.name,
    namespace: object.metadata.namespace!,
    version: image?.includes(':') ? image.split(':').pop() : undefined,
    ...(controlPlane.revision ? { revision: controlPlane.revision } : {}),
    ready,
    ...(ready ? {} : { reason: 'istiod is not available' }),
    components: controlPlane.deployments
      .map(d => ({ name: d.metadata.name, ready: deploymentReady(d) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The namespace of a Sail or istiod control plane (an `Istio` is cluster-scoped and names its own). */
const sailOrIstioNamespace = (controlPlane: ControlPlaneObjects) =>
  controlPlane.flavour === 'sail'
    ? controlPlane.object.spec?.namespace ?? 'istio-system'
    : controlPlane.object.metadata.namespace;

/** The namespace's OSSM 3 / upstream labels: its revision, ambient mode and waypoint, when set. */
function istioLabelsOf(
  namespace: KubeObject | undefined,
): Pick<MembershipStatus, 'revision' | 'dataplaneMode' | 'waypoint'> {
  const labels = namespace?.metadata.labels;
  const revision = requestedRevision(labels);
  const waypoint = waypointOf(labels);
  return {
    ...(revision ? { revision } : {}),
    ...(isAmbient(labels) ? { dataplaneMode: 'ambient' as const } : {}),
    ...(waypoint ? { waypoint } : {}),
  };
}

/** Whether the namespace is in the mesh, and through what. */
export function membershipOf(
  namespaceName: string,
  namespace: KubeObject | undefined,
  controlPlane?: ControlPlaneObjects,
): MembershipStatus {
  const membership = maistraOrInjectionMembership(
    namespaceName,
    namespace,
    controlPlane,
  );
  const istio = istioLabelsOf(namespace);
  if (membership.member || !istio.revision) return { ...membership, ...istio };
  return {
    namespace: namespaceName,
    member: true,
    ...(controlPlane
      ? { controlPlaneNamespace: sailOrIstioNamespace(controlPlane) }
      : {}),
    via: 'istio-injection-label',
    ...istio,
  };
}

function maistraOrInjectionMembership(
  namespaceName: string,
  namespace: KubeObject | undefined,
  controlPlane?: ControlPlaneObjects,
): MembershipStatus {
  const memberOf = namespace?.metadata.labels?.[MAISTRA_MEMBER_OF_LABEL];
  if (memberOf) {
    return {
      namespace: namespaceName,
      member: true,
      controlPlaneNamespace: memberOf,
      via: 'member-of-label',
    };
  }
  const configured: string[] =
    controlPlane?.memberRoll?.status?.configuredMembers ?? [];
  if (controlPlane && configured.includes(namespaceName)) {
    return {
      namespace: namespaceName,
      member: true,
      controlPlaneNamespace: controlPlane.object.metadata.namespace,
      via: 'member-roll',
    };
  }
  if (namespace?.metadata.labels?.[ISTIO_INJECTION_LABEL] === 'enabled') {
    return {
      namespace: namespaceName,
      member: true,
      controlPlaneNamespace: controlPlane
        ? sailOrIstioNamespace(controlPlane)
        : undefined,
      via: 'istio-injection-label',
    };
  }
  return { namespace: namespaceName, member: false, via: 'none' };
}
