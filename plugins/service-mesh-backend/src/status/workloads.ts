import {
  hasSidecar,
  isPodReady,
  SIDECAR_INJECT_ANNOTATION,
  SidecarState,
  WorkloadStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { KubeObject } from './kubeObjects';
import { AmbientContext, dataplaneOf } from './dataplane';

export { hasSidecar, isPodReady };

function proxyVersionOf(pods: KubeObject[]): string | undefined {
  for (const pod of pods) {
    const proxy = (pod.spec?.containers ?? []).find(
      (c: any) => c.name === 'istio-proxy',
    );
    const tag = proxy?.image?.split(':').pop();
    if (tag && tag !== proxy.image) return tag;
  }
  return undefined;
}

function rollingOut(deployment: KubeObject): boolean {
  const status = deployment.status ?? {};
  const replicas = deployment.spec?.replicas ?? 1;
  return (
    (status.observedGeneration ?? 0) < (deployment.metadata.generation ?? 0) ||
    (status.updatedReplicas ?? 0) < replicas ||
    (status.replicas ?? 0) > replicas
  );
}

function sidecarState(options: {
  inMesh: boolean;
  requested: boolean;
  readyPods: number;
  withSidecar: number;
  rollingOut: boolean;
  replicas: number;
}): SidecarState {
  const { inMesh, requested, readyPods, withSidecar } = options;
  if (!inMesh) return 'not-in-mesh';
  // Scaled to zero: nothing runs, so the template's request is all there is (as Kiali does).
  if (options.replicas === 0) return requested ? 'injected' : 'missing';
  if (readyPods > 0 && withSidecar === readyPods) return 'injected';
  if (withSidecar > 0) return options.rollingOut ? 'pending' : 'partial';
  if (requested && (options.rollingOut || readyPods === 0)) return 'pending';
  return 'missing';
}

function dataplaneFields(
  sidecarPlane: boolean,
  ambient: { ambient: boolean; waypoint?: string },
): Pick<WorkloadStatus, 'dataplane' | 'waypoint'> {
  if (sidecarPlane) return { dataplane: 'sidecar' };
  if (!ambient.ambient) return { dataplane: 'none' };
  return {
    dataplane: 'ambient',
    ...(ambient.waypoint ? { waypoint: ambient.waypoint } : {}),
  };
}

/** A Deployment as the card shows it: pods, sidecars, version. */
export function workloadStatus(
  deployment: KubeObject,
  /** The Deployment's own pods. */
  pods: KubeObject[],
  inMesh: boolean,
  /** The namespace's and the service's ambient labels (none: sidecar mode only). */
  ambientContext?: AmbientContext,
): WorkloadStatus {
  const template = deployment.spec?.template?.metadata ?? {};
  const ready = pods.filter(isPodReady);
  const withSidecar = ready.filter(hasSidecar);
  const requested =
    template.annotations?.[SIDECAR_INJECT_ANNOTATION] === 'true';
  const labels: Record<string, string> = template.labels ?? {};
  const replicas = deployment.spec?.replicas ?? 1;
  const ambient = dataplaneOf(labels, ambientContext);
  const sidecar = sidecarState({
    inMesh: inMesh || ambient.ambient,
    requested,
    readyPods: ready.length,
    withSidecar: withSidecar.length,
    rollingOut: rollingOut(deployment),
    replicas,
  });
  const sidecarPlane =
    sidecar === 'injected' ||
    sidecar === 'partial' ||
    sidecar === 'pending' ||
    (replicas === 0 && requested);
  return {
    name: deployment.metadata.name,
    kind: 'Deployment',
    version: labels.version,
    labels,
    replicas: deployment.spec?.replicas ?? 1,
    readyPods: ready.length,
    podsWithSidecar: withSidecar.length,
    sidecar,
    proxyVersion: proxyVersionOf(withSidecar),
    injectionRequested: requested,
    ...dataplaneFields(sidecarPlane, ambient),
  };
}
