import * as k8s from '@kubernetes/client-node';
import { FIELD_MANAGER } from '@service-mesh/plugin-service-mesh-common';
import { applyKeepingOthersFields } from './applyConflicts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The metadata of an apply body that rewrites part of a live object: its
 * labels and annotations re-sent (an apply drops the fields its manager
 * owned but no longer lists), kubectl's last-applied copy left out, `extra`
 * set on top, and with `onlyIfUnchanged` the live resourceVersion as a
 * precondition.
 */
export function keptMetadata(
  live: any,
  extra: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    onlyIfUnchanged?: boolean;
  } = {},
) {
  const labels = { ...(live.metadata?.labels ?? {}), ...extra.labels };
  return {
    name: live.metadata.name,
    namespace: live.metadata.namespace,
    ...(extra.onlyIfUnchanged
      ? { resourceVersion: live.metadata.resourceVersion }
      : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    annotations: {
      ...Object.fromEntries(
        Object.entries<string>(live.metadata?.annotations ?? {}).filter(
          ([key]) => key !== LAST_APPLIED,
        ),
      ),
      ...extra.annotations,
    },
  };
}

/**
 * Server-side applies `body` to the live object of a custom kind under the
 * plugins' field manager; a field another manager owns (GitOps, kubectl
 * edit) is a 409 that names it. Answers the object as the API server stored it.
 */
export function applyToLive(
  kc: k8s.KubeConfig,
  kind: { group: string; version: string; plural: string },
  live: any,
  body: object,
  dryRun = false,
): Promise<any> {
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  return applyKeepingOthersFields(FIELD_MANAGER, force =>
    custom.patchNamespacedCustomObject(
      {
        ...kind,
        namespace: live.metadata.namespace,
        name: live.metadata.name,
        body,
        fieldManager: FIELD_MANAGER,
        force,
        ...(dryRun ? { dryRun: 'All' } : {}),
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    ),
  );
}
