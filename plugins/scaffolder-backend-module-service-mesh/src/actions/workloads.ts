import {
  dataStoreTypeOf,
  hasSidecar,
  isPodReady,
  SIDECAR_INJECT_ANNOTATION,
} from '@service-mesh/plugin-service-mesh-common';
import { KubeObject } from '../cluster/meshCluster';

/**
 * A workload that keeps data on its own disk: a data store (a database or
 * broker image, or a `-db` name) without a persistent volume claim. A restart
 * loses its data.
 */
export function losesDataOnRestart(deployment: KubeObject): boolean {
  const spec = deployment.spec?.template?.spec ?? {};
  const persistent = (spec.volumes ?? []).some(
    (v: any) => v.persistentVolumeClaim,
  );
  if (persistent) return false;
  const images = (spec.containers ?? []).map((c: any) => String(c.image ?? ''));
  return (
    dataStoreTypeOf({ name: deployment.metadata.name, images }) !== undefined
  );
}

function matches(pod: KubeObject, selector: Record<string, string>) {
  return Object.entries(selector).every(
    ([k, v]) => pod.metadata.labels?.[k] === v,
  );
}

/** Pod readiness of one Deployment's current rollout, sidecars required or not. */
export function rolloutState(
  deployment: KubeObject,
  pods: KubeObject[],
  requireSidecar: boolean,
): { done: boolean; summary: string } {
  const name = deployment.metadata.name;
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const mine = pods.filter(
    p =>
      matches(p, deployment.spec?.selector?.matchLabels ?? {}) &&
      !p.metadata.deletionTimestamp &&
      // overlapping selectors (front-end and front-end-v2): only pods of this template
      Object.entries(deployment.spec?.template?.metadata?.labels ?? {}).every(
        ([k, v]) => p.metadata.labels?.[k] === v,
      ),
  );
  const good = mine.filter(
    p => isPodReady(p) && (!requireSidecar || hasSidecar(p)),
  );
  const rolledOut =
    (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 1) &&
    (status.updatedReplicas ?? 0) >= wanted &&
    (status.readyReplicas ?? 0) >= wanted;
  const done =
    rolledOut && good.length >= wanted && mine.length === good.length;
  const containers = good[0]?.spec?.containers?.length ?? 0;
  return {
    done,
    summary: `${name} ${good.length}/${wanted} pods ready${
      requireSidecar
        ? ` with sidecar${containers ? ` (${containers}/${containers})` : ''}`
        : ''
    }`,
  };
}

/**
 * The `app` and `version` pod labels Kiali and version routing need: the
 * template's own, else `app` from its `name` label (or the Deployment's
 * name) and `version: v1`.
 */
export function appVersionLabels(deployment: KubeObject) {
  const labels = deployment.spec?.template?.metadata?.labels ?? {};
  return {
    app: labels.app ?? labels.name ?? deployment.metadata.name,
    version: labels.version ?? 'v1',
  };
}

/** A pod template that says `sidecar.istio.io/inject: "false"` (label or annotation). */
export function optsOutOfInjection(deployment: KubeObject): boolean {
  const metadata = deployment.spec?.template?.metadata ?? {};
  return (
    metadata.labels?.[SIDECAR_INJECT_ANNOTATION] === 'false' ||
    metadata.annotations?.[SIDECAR_INJECT_ANNOTATION] === 'false'
  );
}
