import { K8sObject } from '../k8s/types';

/** Whether a pod's Ready condition is True (what Endpoints and ReplicaSets count). */
export const isPodReady = (pod: K8sObject) =>
  (pod.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
