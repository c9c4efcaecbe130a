import { K8sObject } from '../k8s/types';
import { MeshSnapshot } from '../traffic/meshView';
import {
  CLUSTER_ID,
  hasSidecar,
  isGatewayPod,
  isReady,
  workloadOf,
} from '../traffic/podFacts';

/** A workload as Kiali assembles it from its controller and pods. */
export interface Workload {
  name: string;
  namespace: string;
  type: string;
  group: string;
  object?: K8sObject;
  pods: K8sObject[];
  labels: Record<string, string>;
  templateAnnotations: Record<string, string>;
}

const groups: Record<string, string> = {
  Deployment: 'apps',
  ReplicaSet: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  Pod: '',
};

export function workloadsIn(
  snapshot: MeshSnapshot,
  namespace: string,
): Workload[] {
  const byName = new Map<string, Workload>();
  for (const deployment of snapshot.in('deployments', namespace)) {
    byName.set(deployment.metadata.name!, {
      name: deployment.metadata.name!,
      namespace,
      type: 'Deployment',
      group: 'apps',
      object: deployment,
      pods: [],
      labels: { ...deployment.spec?.template?.metadata?.labels },
      templateAnnotations: {
        ...deployment.spec?.template?.metadata?.annotations,
      },
    });
  }
  for (const pod of snapshot.in('pods', namespace)) {
    const ref = workloadOf(pod);
    let workload = byName.get(ref.name);
    if (!workload) {
      const { 'pod-template-hash': _hash, ...labels } =
        pod.metadata.labels ?? {};
      workload = {
        name: ref.name,
        namespace,
        type: ref.type,
        group: groups[ref.type] ?? 'apps',
        pods: [],
        labels,
        templateAnnotations: {},
      };
      byName.set(ref.name, workload);
    }
    workload.pods.push(pod);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Kiali's istioSidecar of a workload: no pods cannot prove a missing sidecar,
 * so that counts as having one; a gateway's Envoy is no sidecar.
 */
export const workloadHasSidecar = (pods: K8sObject[]) => pods.every(hasSidecar);

/** Kiali's istioSidecar of a service: only pods with sidecars behind it prove one. */
export const serviceHasSidecar = (pods: K8sObject[]) =>
  pods.length > 0 && pods.every(hasSidecar);

export const isGatewayWorkload = (workload: Workload) =>
  workload.pods.some(isGatewayPod);

export function workloadStatus(workload: Workload) {
  const ready = workload.pods.filter(isReady);
  const status = workload.object?.status;
  const desired = workload.object
    ? workload.object.spec?.replicas ?? 1
    : workload.pods.length;
  // Kiali counts synced proxies only for workloads with sidecars that are not gateways (-1 otherwise)
  const counted =
    workloadHasSidecar(workload.pods) && !isGatewayWorkload(workload);
  return {
    name: workload.name,
    desiredReplicas: desired,
    currentReplicas: status?.replicas ?? workload.pods.length,
    availableReplicas: status?.availableReplicas ?? ready.length,
    syncedProxies: counted ? ready.filter(hasSidecar).length : -1,
  };
}

export const namespaceModel = (
  snapshot: MeshSnapshot,
  name: string,
  v2: boolean,
) => {
  const ns = snapshot.namespace(name);
  return {
    name,
    cluster: CLUSTER_ID,
    isAmbient: false,
    labels: ns?.metadata.labels ?? null,
    annotations: ns?.metadata.annotations ?? null,
    ...(v2
      ? { isControlPlane: snapshot.in('controlPlanes', name).length > 0 }
      : {}),
  };
};
