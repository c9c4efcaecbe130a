import { K8sObject } from '../../k8s/types';
import { ClusterCache } from '../clusterCache';
import { dataplaneModeLabel, injectionLabel, revisionLabel } from './sailNames';

/** The revision a `default` IstioRevisionTag points to, if there is one. */
export function defaultTagRevision(cache: ClusterCache): string | undefined {
  const tag = cache.get(
    'sailoperator.io',
    'istiorevisiontags',
    undefined,
    'default',
  );
  return tag?.status?.istioRevision ?? undefined;
}

/** A revision name or a tag, resolved to the IstioRevision it means. */
export function resolveRevision(
  cache: ClusterCache,
  name: string,
): K8sObject | undefined {
  const revision = cache.get(
    'sailoperator.io',
    'istiorevisions',
    undefined,
    name,
  );
  if (revision) return revision;
  const tag = cache.get(
    'sailoperator.io',
    'istiorevisiontags',
    undefined,
    name,
  );
  const target = tag?.status?.istioRevision;
  return target
    ? cache.get('sailoperator.io', 'istiorevisions', undefined, target)
    : undefined;
}

/**
 * The revision a namespace's labels select, for sidecars: `istio.io/rev`
 * first, else `istio-injection=enabled` meaning the `default` revision or tag.
 * Ambient namespaces select none (ztunnel serves them).
 */
export function namespaceRevision(
  cache: ClusterCache,
  namespace: K8sObject | undefined,
): K8sObject | undefined {
  const labels = namespace?.metadata.labels ?? {};
  if (labels[dataplaneModeLabel] === 'ambient') return undefined;
  if (labels[revisionLabel])
    return resolveRevision(cache, labels[revisionLabel]);
  if (labels[injectionLabel] === 'enabled')
    return resolveRevision(cache, 'default');
  return undefined;
}

/** InUse as the operator sees it: a namespace selects the revision, or a pod was injected by it. */
export function isRevisionInUse(
  cache: ClusterCache,
  revision: string,
): boolean {
  const byNamespace = cache
    .list('', 'namespaces')
    .some(ns => namespaceRevision(cache, ns)?.metadata.name === revision);
  return (
    byNamespace ||
    cache
      .list('', 'pods')
      .some(
        pod =>
          pod.metadata.labels?.[revisionLabel] === revision &&
          pod.metadata.labels?.app !== 'istiod',
      )
  );
}
