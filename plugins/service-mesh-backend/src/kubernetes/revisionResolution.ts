import { KubeObject } from '../status/kubeObjects';

/** The Sail operator's cluster-scoped objects that name Istio revisions. */
export interface SailObjects {
  istios: KubeObject[];
  istioRevisions: KubeObject[];
  istioRevisionTags: KubeObject[];
}

const byName = (objects: KubeObject[], name: string) =>
  objects.find(o => o.metadata.name === name);

/** The Istio that owns an IstioRevision, if it is among `istios`. */
function owningIstio(
  revision: KubeObject,
  istios: KubeObject[],
): KubeObject | undefined {
  const owner = revision.metadata.ownerReferences?.find(
    ref => ref.kind === 'Istio',
  );
  return owner ? byName(istios, owner.name) : undefined;
}

/**
 * The Sail object that serves a revision name (what `istio.io/rev` names, or
 * `default` for `istio-injection=enabled`): an IstioRevisionTag pointing at an
 * Istio or IstioRevision, an IstioRevision of that name (reported through its
 * owning Istio when there is one), or an Istio whose active revision it is.
 */
export function sailObjectForRevision(
  revision: string,
  sail: SailObjects,
): { object: KubeObject; revision: string } | undefined {
  const { istios, istioRevisions, istioRevisionTags } = sail;
  const tag = byName(istioRevisionTags, revision);
  const target = tag?.spec?.targetRef;
  if (target?.name) {
    const istio =
      target.kind === 'Istio' ? byName(istios, target.name) : undefined;
    if (istio)
      return {
        object: istio,
        revision: istio.status?.activeRevisionName ?? target.name,
      };
    const named = byName(istioRevisions, target.name);
    if (named)
      return {
        object: owningIstio(named, istios) ?? named,
        revision: named.metadata.name,
      };
  }
  const named = byName(istioRevisions, revision);
  if (named) return { object: owningIstio(named, istios) ?? named, revision };
  const istio =
    istios.find(i => i.status?.activeRevisionName === revision) ??
    byName(istios, revision);
  return istio ? { object: istio, revision } : undefined;
}

/** The istiod Deployment of a revision in `istio-system` without an operator: `istiod` (default) or `istiod-<revision>`. */
export function istiodForRevision(
  revision: string,
  deployments: KubeObject[],
): KubeObject | undefined {
  if (revision === 'default')
    return deployments.find(
      d => d.metadata.name === 'istiod' || d.metadata.labels?.app === 'istiod',
    );
  return deployments.find(
    d =>
      d.metadata.name === `istiod-${revision}` ||
      (d.metadata.labels?.app === 'istiod' &&
        d.metadata.labels?.['istio.io/rev'] === revision),
  );
}
