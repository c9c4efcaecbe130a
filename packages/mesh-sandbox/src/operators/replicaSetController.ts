import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import { clusterCacheOf } from './clusterCache';
import { controllerOf, ownerReference, timestamp } from './objects';
import { isPodReady } from './podReadiness';
import { randomSuffix } from './podTemplateHash';
import { watchKinds } from './watchKinds';

const manager = 'kube-controller-manager';

/** The single simulated worker node every pod is scheduled on. */
export const nodeName = 'sandbox-worker-0';

function podFor(rs: K8sObject): K8sObject {
  const template = rs.spec.template ?? {};
  const spec = structuredClone(template.spec ?? {});
  return {
    metadata: {
      name: `${rs.metadata.name}-${randomSuffix()}`,
      namespace: rs.metadata.namespace,
      labels: { ...template.metadata?.labels },
      ...(template.metadata?.annotations
        ? { annotations: { ...template.metadata.annotations } }
        : {}),
      ownerReferences: [ownerReference(rs, 'apps/v1', 'ReplicaSet')],
    },
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: spec.serviceAccountName ?? 'default',
      schedulerName: 'default-scheduler',
      securityContext: {},
      ...spec,
      // The scheduler binds at once: the sandbox has one node.
      nodeName,
    },
    status: {
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: timestamp(),
        },
      ],
    },
  };
}

/** Deleting surplus pods: not-ready ones first, then the newest (as the real controller ranks them). */
const deletionOrder = (a: K8sObject, b: K8sObject) =>
  Number(isPodReady(a)) - Number(isPodReady(b)) ||
  (b.metadata.creationTimestamp ?? '').localeCompare(
    a.metadata.creationTimestamp ?? '',
  );

/** kube-controller-manager's ReplicaSet controller: keeps spec.replicas pods and reports their readiness. */
export const replicaSetController: Controller = {
  name: 'replicaset-controller',
  start(context: SandboxContext) {
    const { api, scheduler } = context;
    const cache = clusterCacheOf(api);
    const enqueue = (namespace: string, name: string) =>
      scheduler.enqueue(`replicaset/${namespace}/${name}`, () =>
        reconcile(namespace, name),
      );

    const podsOf = (rs: K8sObject) =>
      cache
        .ownedBy('', 'pods', rs.metadata.uid!)
        .filter(pod => controllerOf(pod)?.uid === rs.metadata.uid);

    function reconcile(namespace: string, name: string) {
      const rs = cache.get('apps', 'replicasets', namespace, name);
      if (!rs) return;
      const podType = api.type('', 'pods');
      const desired = rs.spec?.replicas ?? 1;
      const pods = podsOf(rs);
      for (let i = pods.length; i < desired; i++) {
        api.create(podType, namespace, podFor(rs), { fieldManager: manager });
      }
      if (pods.length > desired) {
        for (const pod of [...pods].sort(deletionOrder).slice(desired)) {
          api.delete(podType, namespace, pod.metadata.name!, {
            fieldManager: manager,
          });
        }
      }
      const now = podsOf(rs);
      const ready = now.filter(isPodReady).length;
      api.updateStatus(
        api.type('apps', 'replicasets'),
        namespace,
        name,
        {
          replicas: now.length,
          ...(now.length ? { fullyLabeledReplicas: now.length } : {}),
          ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}),
          observedGeneration: rs.metadata.generation,
        },
        manager,
      );
    }

    return watchKinds(api, ['apps/replicasets', '/pods'], event => {
      const { object } = event;
      if (event.resource.plural === 'replicasets') {
        if (event.type !== 'DELETED')
          enqueue(object.metadata.namespace!, object.metadata.name!);
        return;
      }
      const owner = controllerOf(object);
      if (owner?.kind === 'ReplicaSet')
        enqueue(object.metadata.namespace!, owner.name);
    });
  },
};
