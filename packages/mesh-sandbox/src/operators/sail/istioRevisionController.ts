import { kinds } from '../../client/kinds';
import { Controller, SandboxContext } from '../../context';
import { deploymentReady } from '../controlPlaneStatus';
import { ensureObject, ensureStatus, logFailure } from '../objects';
import {
  istiodDeployment,
  istiodService,
  istiodServiceAccount,
} from './istiodResources';
import { isRevisionInUse } from './revisionUse';
import { condition, sailStatus } from './sailConditions';
import { istiodNameOf, revisionLabel, sailManager } from './sailNames';

/**
 * The Sail operator's IstioRevision reconciler: installs the revision's istiod
 * (ServiceAccount, Service, Deployment, owned by the IstioRevision) in
 * spec.namespace and reports Reconciled, Ready (istiod available) and InUse
 * (some namespace or pod uses the revision).
 */
export const istioRevisionController: Controller = {
  name: 'sail-istiorevision-controller',
  start(context: SandboxContext) {
    const { client, cache, scheduler, log } = context;
    const enqueue = (name: string) =>
      scheduler.enqueue(`istiorevision/${name}`, () =>
        reconcile(name).catch(logFailure(log, `IstioRevision ${name}`)),
      );

    async function reconcile(name: string) {
      const revision = cache.get(
        'sailoperator.io',
        'istiorevisions',
        undefined,
        name,
      );
      if (!revision || revision.metadata.deletionTimestamp) return;
      const namespace = revision.spec.namespace;
      const inUse = condition(
        'InUse',
        isRevisionInUse(cache, name),
        'NotReferencedByAnything',
        'Not referenced by any pod or namespace',
      );
      const status = (value: Record<string, unknown>) =>
        ensureStatus(
          client,
          cache,
          kinds.istioRevisions,
          revision,
          value,
          sailManager,
        );
      if (!cache.get('', 'namespaces', undefined, namespace)) {
        const message = `namespace "${namespace}" doesn't exist`;
        await status(
          sailStatus(
            revision,
            [
              condition('Reconciled', false, 'ReconcileError', message),
              condition('Ready', false, 'ReconcileError', message),
              inUse,
            ],
            'ReconcileError',
          ),
        );
        return;
      }
      const ensure = (kind: (typeof kinds)[keyof typeof kinds], object: any) =>
        ensureObject(client, cache, kind, object, sailManager);
      await ensure(kinds.serviceAccounts, istiodServiceAccount(revision));
      await ensure(kinds.services, istiodService(revision));
      await ensure(kinds.deployments, istiodDeployment(revision));
      const istiod = cache.get(
        'apps',
        'deployments',
        namespace,
        istiodNameOf(name),
      );
      const ready = deploymentReady(istiod);
      await status(
        sailStatus(
          revision,
          [
            condition('Reconciled', true),
            condition(
              'Ready',
              ready,
              'IstiodNotReady',
              'istiod Deployment is not ready',
            ),
            inUse,
          ],
          ready ? 'Healthy' : 'IstiodNotReady',
        ),
      );
    }

    const enqueueAll = () =>
      cache
        .list('sailoperator.io', 'istiorevisions')
        .forEach(r => enqueue(r.metadata.name!));
    return cache.watch(
      [
        'sailoperator.io/istiorevisions',
        'sailoperator.io/istiorevisiontags',
        'apps/deployments',
        '/namespaces',
        '/pods',
      ],
      ({ kind, object }) => {
        if (kind.plural === 'istiorevisions') enqueue(object.metadata.name!);
        else if (kind.plural === 'deployments') {
          const rev = object.metadata.labels?.[revisionLabel];
          if (rev && object.metadata.labels?.app === 'istiod') enqueue(rev);
        } else if (kind.plural === 'pods') {
          const rev = object.metadata.labels?.[revisionLabel];
          if (rev) enqueue(rev);
        } else enqueueAll();
      },
    );
  },
};
