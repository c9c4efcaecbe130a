import { matchesLabelSelector } from '../k8s/labelSelector';
import { K8sObject } from '../k8s/types';
import { MeshSnapshot } from './meshView';

/** Where a connection comes from, as NetworkPolicy peers see it. */
export interface TrafficSource {
  namespace: string;
  namespaceLabels: Record<string, string>;
  podLabels: Record<string, string>;
}

/** The OpenShift router's pods, in openshift-ingress (policy group `ingress`). */
export const openshiftRouter: TrafficSource = {
  namespace: 'openshift-ingress',
  namespaceLabels: {
    'kubernetes.io/metadata.name': 'openshift-ingress',
    'network.openshift.io/policy-group': 'ingress',
    'policy-group.network.openshift.io/ingress': '',
  },
  podLabels: {
    'ingresscontroller.operator.openshift.io/deployment-ingresscontroller':
      'default',
  },
};

export function podSource(
  snapshot: MeshSnapshot,
  pod: K8sObject,
): TrafficSource {
  const namespace = pod.metadata.namespace!;
  return {
    namespace,
    namespaceLabels: snapshot.namespaceLabels(namespace),
    podLabels: pod.metadata.labels ?? {},
  };
}

const restrictsIngress = (policy: K8sObject) => {
  const types: string[] | undefined = policy.spec?.policyTypes;
  return types ? types.includes('Ingress') : true;
};

function peerAllows(peer: any, pod: K8sObject, source: TrafficSource) {
  if (peer?.ipBlock) return false;
  const namespaceOk = peer?.namespaceSelector
    ? matchesLabelSelector(peer.namespaceSelector, source.namespaceLabels)
    : source.namespace === pod.metadata.namespace;
  const podOk = peer?.podSelector
    ? matchesLabelSelector(peer.podSelector, source.podLabels)
    : true;
  return namespaceOk && podOk;
}

/**
 * The NetworkPolicies that isolate a pod for ingress and whether one of them
 * admits the source (ports are not modelled: SockShop uses one per pod).
 */
export function ingressVerdict(
  snapshot: MeshSnapshot,
  pod: K8sObject,
  source: TrafficSource,
): { allowed: boolean; policies: string[] } {
  const policies = snapshot
    .in('networkPolicies', pod.metadata.namespace!)
    .filter(
      p =>
        restrictsIngress(p) &&
        matchesLabelSelector(p.spec?.podSelector ?? {}, pod.metadata.labels),
    );
  const allowed =
    policies.length === 0 ||
    policies.some(policy =>
      ((policy.spec?.ingress ?? []) as any[]).some(rule => {
        const from = rule?.from as any[] | undefined;
        return !from || from.length === 0
          ? true
          : from.some(peer => peerAllows(peer, pod, source));
      }),
    );
  return { allowed, policies: policies.map(p => p.metadata.name!) };
}
