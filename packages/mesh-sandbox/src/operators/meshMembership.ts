import { K8sObject } from '../k8s/types';
import { ClusterCache } from './clusterCache';
import { memberOfLabel } from './meshLabels';
import { conditionOf } from './objects';

/** The namespace of the control plane a namespace belongs to, as its member-of label says. */
export const controlPlaneNamespaceOf = (
  cache: ClusterCache,
  namespace: string | undefined,
) =>
  namespace
    ? cache.get('', 'namespaces', undefined, namespace)?.metadata.labels?.[
        memberOfLabel
      ]
    : undefined;

/** The (oldest) ServiceMeshControlPlane of a namespace, if any. */
export function controlPlaneIn(
  cache: ClusterCache,
  namespace: string,
): K8sObject | undefined {
  return cache
    .list('maistra.io', 'servicemeshcontrolplanes', namespace)
    .sort((a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(
        b.metadata.creationTimestamp ?? '',
      ),
    )[0];
}

export const isControlPlaneReady = (smcp: K8sObject | undefined) =>
  conditionOf(smcp, 'Ready')?.status === 'True';
