import { K8sObject } from '../k8s/types';

/** Istio's default cluster id, and what Kiali calls the local cluster. */
export const CLUSTER_ID = 'Kubernetes';

const SIDECAR_STATUS = 'sidecar.istio.io/status';

/** Running with every container ready: what makes a pod an endpoint. */
export function isReady(pod: K8sObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  if (pod.status?.phase !== 'Running') return false;
  const statuses = (pod.status?.containerStatuses ?? []) as any[];
  return statuses.length > 0 && statuses.every(s => s?.ready === true);
}

/** Kiali's rule: the injector's status annotation lists `istio-proxy`. */
export function hasSidecar(pod: K8sObject): boolean {
  const status = pod.metadata.annotations?.[SIDECAR_STATUS];
  if (!status) return false;
  try {
    const containers = JSON.parse(status)?.containers;
    return Array.isArray(containers) && containers.includes('istio-proxy');
  } catch {
    return false;
  }
}

/** An ingress or egress gateway pod, or one istiod deployed for a Gateway API Gateway: an Envoy of its own, no app container. */
export function isGatewayPod(pod: K8sObject): boolean {
  const istio = pod.metadata.labels?.istio;
  return (
    istio === 'ingressgateway' ||
    istio === 'egressgateway' ||
    Boolean(pod.metadata.labels?.['gateway.networking.k8s.io/gateway-name'])
  );
}

const dataplaneMode = 'istio.io/dataplane-mode';

/**
 * An ambient pod: no sidecar of its own, in a namespace (or itself) labelled
 * `istio.io/dataplane-mode=ambient`, not opted out with `none`.
 */
export function isAmbient(
  pod: K8sObject,
  namespaceLabels: Record<string, string>,
): boolean {
  if (hasSidecar(pod) || isGatewayPod(pod)) return false;
  const own = pod.metadata.labels?.[dataplaneMode];
  if (own) return own === 'ambient';
  return namespaceLabels[dataplaneMode] === 'ambient';
}

/** Whether the pod's traffic passes through an Envoy (sidecar or gateway). */
export const hasEnvoy = (pod: K8sObject) =>
  hasSidecar(pod) || isGatewayPod(pod);

export interface WorkloadRef {
  name: string;
  /** Kiali's workload type: Deployment, ReplicaSet, StatefulSet, Pod, ... */
  type: string;
}

/** The workload a pod belongs to, as Istio names it (Deployment from the ReplicaSet). */
export function workloadOf(pod: K8sObject): WorkloadRef {
  const owner =
    pod.metadata.ownerReferences?.find(ref => ref.controller) ??
    pod.metadata.ownerReferences?.[0];
  if (!owner) return { name: pod.metadata.name!, type: 'Pod' };
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) {
      return {
        name: owner.name.slice(0, -(hash.length + 1)),
        type: 'Deployment',
      };
    }
    return { name: owner.name, type: 'ReplicaSet' };
  }
  if (owner.kind === 'Job') {
    const cronJob = owner.name.match(/^(.+)-\d+$/);
    if (cronJob) return { name: cronJob[1], type: 'CronJob' };
  }
  return { name: owner.name, type: owner.kind };
}

const labelOf = (pod: K8sObject, key: string) => pod.metadata.labels?.[key];

export const appOf = (pod: K8sObject) => labelOf(pod, 'app') ?? 'unknown';
export const versionOf = (pod: K8sObject) =>
  labelOf(pod, 'version') ?? 'unknown';

export function canonicalServiceOf(pod: K8sObject): string {
  return (
    labelOf(pod, 'service.istio.io/canonical-name') ??
    labelOf(pod, 'app.kubernetes.io/name') ??
    labelOf(pod, 'app') ??
    workloadOf(pod).name
  );
}

export function canonicalRevisionOf(pod: K8sObject): string {
  return (
    labelOf(pod, 'service.istio.io/canonical-revision') ??
    labelOf(pod, 'app.kubernetes.io/version') ??
    labelOf(pod, 'version') ??
    'latest'
  );
}

export function principalOf(pod: K8sObject): string {
  const account = pod.spec?.serviceAccountName ?? 'default';
  return `spiffe://cluster.local/ns/${pod.metadata.namespace}/sa/${account}`;
}
