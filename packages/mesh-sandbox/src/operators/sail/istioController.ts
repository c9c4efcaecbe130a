import { kinds } from '../../client/kinds';
import { Controller, SandboxContext } from '../../context';
import { K8sObject } from '../../k8s/types';
import {
  conditionOf,
  ensureObject,
  ensureStatus,
  logFailure,
  ownerReference,
} from '../objects';
import { condition, sailStatus } from './sailConditions';
import {
  concreteVersion,
  revisionNameOf,
  sailApiVersion,
  sailManager,
} from './sailNames';

/** The IstioRevision an Istio asks for: its values, with the revision and namespace the CRD's rules require. */
export function desiredRevision(istio: K8sObject): K8sObject {
  const name = revisionNameOf(istio);
  const values = istio.spec.values ?? {};
  return {
    metadata: {
      name,
      ownerReferences: [ownerReference(istio, sailApiVersion, 'Istio')],
    },
    spec: {
      namespace: istio.spec.namespace,
      version: concreteVersion(istio.spec.version),
      values: {
        ...values,
        revision: name === 'default' ? '' : name,
        global: { ...values.global, istioNamespace: istio.spec.namespace },
      },
    },
  };
}

const isTrue = (object: K8sObject, type: string) =>
  conditionOf(object, type)?.status === 'True';

/**
 * The Sail operator's Istio reconciler: one IstioRevision per Istio (InPlace)
 * or per version (RevisionBased, older ones removed once nothing uses them),
 * and the Istio's status from its revisions: state Healthy once the active
 * revision's istiod is ready, activeRevisionName and revision counts.
 */
export const istioController: Controller = {
  name: 'sail-istio-controller',
  start(context: SandboxContext) {
    const { client, cache, scheduler, log } = context;
    const enqueue = (name: string) =>
      scheduler.enqueue(`istio/${name}`, () =>
        reconcile(name).catch(logFailure(log, `Istio ${name}`)),
      );

    async function reconcile(name: string) {
      const istio = cache.get('sailoperator.io', 'istios', undefined, name);
      if (!istio || istio.metadata.deletionTimestamp) return;
      const wanted = desiredRevision(istio);
      const active = wanted.metadata.name!;
      await ensureObject(
        client,
        cache,
        kinds.istioRevisions,
        wanted,
        sailManager,
      );
      const owned = cache.ownedBy(
        'sailoperator.io',
        'istiorevisions',
        istio.metadata.uid!,
      );
      for (const old of owned) {
        if (old.metadata.name !== active && !isTrue(old, 'InUse'))
          await client.delete(
            kinds.istioRevisions,
            undefined,
            old.metadata.name!,
          );
      }
      const revision = cache.get(
        'sailoperator.io',
        'istiorevisions',
        undefined,
        active,
      );
      const ready = Boolean(revision && isTrue(revision, 'Ready'));
      const revisions = owned.filter(r => !r.metadata.deletionTimestamp);
      await ensureStatus(
        client,
        cache,
        kinds.istios,
        istio,
        sailStatus(
          istio,
          [
            condition('Reconciled', true),
            condition('Ready', ready, 'IstiodNotReady', 'istiod is not ready'),
            condition('DependenciesHealthy', true),
          ],
          ready ? 'Healthy' : 'IstiodNotReady',
          {
            activeRevisionName: active,
            revisions: {
              total: revisions.length,
              ready: revisions.filter(r => isTrue(r, 'Ready')).length,
              inUse: revisions.filter(r => isTrue(r, 'InUse')).length,
            },
          },
        ),
        sailManager,
      );
    }

    return cache.watch(
      ['sailoperator.io/istios', 'sailoperator.io/istiorevisions'],
      ({ kind, object }) => {
        if (kind.plural === 'istios') enqueue(object.metadata.name!);
        const owner = object.metadata.ownerReferences?.find(
          ref => ref.kind === 'Istio',
        );
        if (owner) enqueue(owner.name);
      },
    );
  },
};
