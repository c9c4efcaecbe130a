import { kinds } from '../../client/kinds';
import { Controller, SandboxContext } from '../../context';
import { ensureStatus, logFailure } from '../objects';
import { condition, sailStatus } from './sailConditions';
import { sailManager } from './sailNames';

/**
 * The Sail operator's IstioRevisionTag reconciler: resolves targetRef (an
 * Istio to its active revision, or an IstioRevision) into status.istioRevision,
 * which is what makes `istio.io/rev=<tag>` and, for the `default` tag,
 * `istio-injection=enabled` select that revision.
 */
export const istioRevisionTagController: Controller = {
  name: 'sail-istiorevisiontag-controller',
  start(context: SandboxContext) {
    const { client, cache, scheduler, log } = context;
    const enqueue = (name: string) =>
      scheduler.enqueue(`istiorevisiontag/${name}`, () =>
        reconcile(name).catch(logFailure(log, `IstioRevisionTag ${name}`)),
      );

    async function reconcile(name: string) {
      const tag = cache.get(
        'sailoperator.io',
        'istiorevisiontags',
        undefined,
        name,
      );
      if (!tag || tag.metadata.deletionTimestamp) return;
      const { kind, name: target } = tag.spec.targetRef;
      const revisionName =
        kind === 'Istio'
          ? cache.get('sailoperator.io', 'istios', undefined, target)?.status
              ?.activeRevisionName
          : target;
      const revision =
        revisionName &&
        cache.get('sailoperator.io', 'istiorevisions', undefined, revisionName);
      const message = `${kind} ${target} not found`;
      await ensureStatus(
        client,
        cache,
        kinds.istioRevisionTags,
        tag,
        sailStatus(
          tag,
          [condition('Reconciled', Boolean(revision), 'RefNotFound', message)],
          revision ? 'Healthy' : 'RefNotFound',
          {
            istioRevision: revision ? revision.metadata.name : '',
            istiodNamespace: revision ? revision.spec.namespace : '',
          },
        ),
        sailManager,
      );
    }

    return cache.watch(
      [
        'sailoperator.io/istiorevisiontags',
        'sailoperator.io/istios',
        'sailoperator.io/istiorevisions',
      ],
      () =>
        cache
          .list('sailoperator.io', 'istiorevisiontags')
          .forEach(t => enqueue(t.metadata.name!)),
    );
  },
};
