import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import { clusterCacheOf } from './clusterCache';
import {
  Condition,
  controllerOf,
  nextConditions,
  ownerReference,
} from './objects';
import { podTemplateHash } from './podTemplateHash';
import { watchKinds } from './watchKinds';

const manager = 'kube-controller-manager';
const revisionKey = 'deployment.kubernetes.io/revision';

const revisionOf = (object: K8sObject) =>
  Number(object.metadata.annotations?.[revisionKey] ?? 0);

/** maxUnavailable of a rolling update (default 25%, rounded down), 0 for Recreate. */
function maxUnavailable(deployment: K8sObject, desired: number): number {
  const strategy = deployment.spec?.strategy;
  if (strategy?.type === 'Recreate') return 0;
  const value = strategy?.rollingUpdate?.maxUnavailable ?? '25%';
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(String(value));
  return percent ? Math.floor((desired * Number(percent[1])) / 100) : 0;
}

function replicaSetFor(
  deployment: K8sObject,
  hash: string,
  replicas: number,
  revision: number,
): K8sObject {
  const template = structuredClone(deployment.spec.template);
  template.metadata ??= {};
  template.metadata.labels = {
    ...template.metadata.labels,
    'pod-template-hash': hash,
  };
  return {
    metadata: {
      name: `${deployment.metadata.name}-${hash}`,
      namespace: deployment.metadata.namespace,
      labels: template.metadata.labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas),
        [revisionKey]: String(revision),
      },
      ownerReferences: [ownerReference(deployment, 'apps/v1', 'Deployment')],
    },
    spec: {
      replicas,
      selector: {
        ...deployment.spec.selector,
        matchLabels: {
          ...deployment.spec.selector?.matchLabels,
          'pod-template-hash': hash,
        },
      },
      template,
    },
  };
}

/**
 * kube-controller-manager's deployment controller: one ReplicaSet per pod
 * template, new pods first and old ReplicaSets scaled to 0 once the new ones are
 * available (Recreate: old first), and the status kubectl shows.
 */
export const deploymentController: Controller = {
  name: 'deployment-controller',
  start(context: SandboxContext) {
    const { api, scheduler } = context;
    const cache = clusterCacheOf(api);
    const enqueue = (namespace: string, name: string) =>
      scheduler.enqueue(`deployment/${namespace}/${name}`, () =>
        reconcile(namespace, name),
      );

    function reconcile(namespace: string, name: string) {
      const deployment = cache.get('apps', 'deployments', namespace, name);
      if (!deployment) return;
      const rsType = api.type('apps', 'replicasets');
      const owned = cache
        .ownedBy('apps', 'replicasets', deployment.metadata.uid!)
        .filter(rs => controllerOf(rs)?.uid === deployment.metadata.uid);
      const desired = deployment.spec?.replicas ?? 1;
      const recreate = deployment.spec?.strategy?.type === 'Recreate';
      const hash = podTemplateHash(deployment.spec.template);
      let current = owned.find(
        rs => rs.metadata.labels?.['pod-template-hash'] === hash,
      );
      const old = owned.filter(rs => rs !== current);
      const oldPods = old.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
      const newestOther = Math.max(0, ...old.map(revisionOf));
      let created = false;

      if (!current) {
        current = api.create(
          rsType,
          namespace,
          replicaSetFor(
            deployment,
            hash,
            recreate && oldPods > 0 ? 0 : desired,
            newestOther + 1,
          ),
          { fieldManager: manager },
        );
        created = true;
      } else {
        const target = recreate && oldPods > 0 ? 0 : desired;
        const revision = Math.max(revisionOf(current), newestOther + 1);
        if (
          (current.spec?.replicas ?? 1) !== target ||
          revisionOf(current) !== revision ||
          current.metadata.annotations?.[
            'deployment.kubernetes.io/desired-replicas'
          ] !== String(desired)
        ) {
          current = api.patch(
            rsType,
            namespace,
            current.metadata.name!,
            'merge',
            {
              metadata: {
                annotations: {
                  'deployment.kubernetes.io/desired-replicas': String(desired),
                  'deployment.kubernetes.io/max-replicas': String(desired),
                  [revisionKey]: String(revision),
                },
              },
              spec: { replicas: target },
            },
            { fieldManager: manager },
          );
        }
      }

      const newAvailable = current.status?.availableReplicas ?? 0;
      if (recreate || newAvailable >= desired) {
        for (const rs of old) {
          if ((rs.spec?.replicas ?? 1) === 0) continue;
          api.patch(
            rsType,
            namespace,
            rs.metadata.name!,
            'merge',
            { spec: { replicas: 0 } },
            { fieldManager: manager },
          );
        }
      }

      const revision = String(revisionOf(current));
      if (deployment.metadata.annotations?.[revisionKey] !== revision) {
        api.patch(
          api.type('apps', 'deployments'),
          namespace,
          name,
          'merge',
          { metadata: { annotations: { [revisionKey]: revision } } },
          { fieldManager: manager },
        );
      }
      writeStatus(deployment, current, old, desired, created);
    }

    function writeStatus(
      deployment: K8sObject,
      current: K8sObject,
      old: K8sObject[],
      desired: number,
      created: boolean,
    ) {
      const all = [current, ...old];
      const sum = (field: string) =>
        all.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);
      const replicas = sum('replicas');
      const ready = sum('readyReplicas');
      const available = sum('availableReplicas');
      const updated = current.status?.replicas ?? 0;
      const specTotal = all.reduce((n, rs) => n + (rs.spec?.replicas ?? 1), 0);
      const unavailable = Math.max(0, specTotal - available);
      const rsName = current.metadata.name;
      const complete =
        updated === desired &&
        (current.status?.availableReplicas ?? 0) >= desired &&
        replicas === updated;
      let progressing: Condition;
      if (complete) {
        progressing = {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
        };
      } else if (created) {
        progressing = {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetCreated',
          message: `Created new replica set "${rsName}"`,
        };
      } else {
        progressing = {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          message: `ReplicaSet "${rsName}" is progressing.`,
        };
      }
      const minimumAvailable =
        available >= desired - maxUnavailable(deployment, desired);
      const availableCondition: Condition = minimumAvailable
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          };
      // Like the real API, zero counts are left out (omitempty).
      const counts = Object.fromEntries(
        Object.entries({
          replicas,
          updatedReplicas: updated,
          readyReplicas: ready,
          availableReplicas: available,
          unavailableReplicas: unavailable,
        }).filter(([, value]) => value > 0),
      );
      api.updateStatus(
        api.type('apps', 'deployments'),
        deployment.metadata.namespace,
        deployment.metadata.name!,
        {
          observedGeneration: deployment.metadata.generation,
          ...counts,
          conditions: nextConditions(
            deployment.status?.conditions,
            [availableCondition, progressing],
            true,
          ),
        },
        manager,
      );
    }

    return watchKinds(api, ['apps/deployments', 'apps/replicasets'], event => {
      const { object } = event;
      if (event.resource.plural === 'deployments') {
        if (event.type !== 'DELETED')
          enqueue(object.metadata.namespace!, object.metadata.name!);
        return;
      }
      const owner = controllerOf(object);
      if (owner?.kind === 'Deployment')
        enqueue(object.metadata.namespace!, owner.name);
    });
  },
};
