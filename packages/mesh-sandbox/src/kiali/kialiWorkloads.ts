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

/** Kiali: no pods cannot prove a missing sidecar, so that counts as having one. */
export const workloadHasSidecar = (pods: K8sObject[]) =>
  pods.every(p => hasSidecar(p) || isGatewayPod(p));

export function workloadStatus(workload: Workload) {
  const ready = workload.pods.filter(isReady);
  const status = workload.object?.status;
  const desired = workload.object
    ? workload.object.spec?.replicas ?? 1
    : workload.pods.length;
  const proxied = ready.filter(p => hasSidecar(p) || isGatewayPod(p)).length;
  return {
    name: workload.name,
    desiredReplicas: desired,
    currentReplicas: status?.replicas ?? workload.pods.length,
    availableReplicas: status?.availableReplicas ?? ready.length,
    syncedProxies: proxied > 0 ? proxied : -1,
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
