import {
  DATAPLANE_MODE_LABEL,
  ISTIO_INJECTION_LABEL,
  ISTIO_REVISION_LABEL,
  MANAGED_BY_LABEL,
} from '@service-mesh/plugin-service-mesh-common';
import { KubeObject } from '../cluster/meshCluster';
import { kinds } from '../cluster/kinds';
import { managedLabels } from '../cluster/ownership';

/** The label a user's namespaces carry, which their Istio's discoverySelectors select. */
export const DISCOVERY_LABEL = 'istio-discovery';

/** The data plane of a Sail mesh: Envoy sidecars, or ztunnel (and waypoints) in ambient mode. */
export type Dataplane = 'sidecar' | 'ambient';

export interface IstioOptions {
  user: string;
  /** The Istio's name, which is its revision's with InPlace. */
  name: string;
  /** Where istiod runs. */
  namespace: string;
  version?: string;
  profile: string;
  updateStrategy: 'InPlace' | 'RevisionBased';
}

/** The control-plane namespace, selected by its own Istio's discoverySelectors. */
export function controlPlaneNamespace(user: string, name: string): KubeObject {
  return {
    apiVersion: kinds.namespace.apiVersion,
    kind: kinds.namespace.kind,
    metadata: {
      name,
      labels: { ...managedLabels(user), [DISCOVERY_LABEL]: user },
    },
  };
}

/**
 * The user's control plane the OSSM 3 way: an `Istio` whose istiod discovers
 * only the namespaces labelled `istio-discovery=<user>` (several tenants'
 * Istios then do not overlap).
 */
export function istioControlPlane(o: IstioOptions): KubeObject {
  return {
    apiVersion: kinds.istio.apiVersion,
    kind: kinds.istio.kind,
    metadata: { name: o.name, labels: managedLabels(o.user) },
    spec: {
      namespace: o.namespace,
      ...(o.version ? { version: o.version } : {}),
      profile: o.profile,
      updateStrategy: { type: o.updateStrategy },
      values: {
        meshConfig: {
          discoverySelectors: [{ matchLabels: { [DISCOVERY_LABEL]: o.user } }],
        },
      },
    },
  };
}

/**
 * The cluster's one IstioCNI or ZTunnel (the CRDs allow only the name
 * `default`), at the version of the Istio it serves.
 */
export function nodeAgent(
  kind: typeof kinds.istioCni | typeof kinds.ztunnel,
  options: { user: string; namespace: string; version: string },
): KubeObject {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    metadata: { name: 'default', labels: managedLabels(options.user) },
    spec: { namespace: options.namespace, version: options.version },
  };
}

/** A namespace for a node agent, made by the actions when missing. */
export function agentNamespace(user: string, name: string): KubeObject {
  return {
    apiVersion: kinds.namespace.apiVersion,
    kind: kinds.namespace.kind,
    metadata: { name, labels: managedLabels(user) },
  };
}

/** The `default` IstioRevisionTag, which makes `istio-injection=enabled` mean this Istio's active revision. */
export function defaultRevisionTag(user: string, istio: string): KubeObject {
  return {
    apiVersion: kinds.istioRevisionTag.apiVersion,
    kind: kinds.istioRevisionTag.kind,
    metadata: { name: 'default', labels: managedLabels(user) },
    spec: { targetRef: { kind: 'Istio', name: istio } },
  };
}

/** Whether a Sail object's condition is True. */
export const conditionTrue = (object: KubeObject | undefined, type: string) =>
  (object?.status?.conditions ?? []).some(
    (c: any) => c.type === type && c.status === 'True',
  );

/** What a Sail object's status says, for the wait's progress line. */
export function sailProgress(object: KubeObject | undefined): string {
  if (!object) return 'not created yet';
  const notReady = (object.status?.conditions ?? []).find(
    (c: any) => c.type === 'Ready' && c.status !== 'True',
  );
  return `state ${object.status?.state ?? 'unknown'}${
    notReady?.message ? `; ${notReady.message}` : ''
  }`;
}

/** How a namespace joins a Sail mesh's sidecar data plane. */
export type Injection = 'revision' | 'default-tag';

/**
 * The labels that make a namespace a member: discovered by the user's Istio,
 * and either injected by its revision (`istio.io/rev`, or
 * `istio-injection=enabled` with the `default` tag), or in the ambient data
 * plane.
 */
export function memberLabels(options: {
  user: string;
  dataplane: Dataplane;
  injection: Injection;
  revision: string;
}): Record<string, string> {
  const discovered = { [DISCOVERY_LABEL]: options.user };
  if (options.dataplane === 'ambient')
    return { ...discovered, [DATAPLANE_MODE_LABEL]: 'ambient' };
  return options.injection === 'revision'
    ? { ...discovered, [ISTIO_REVISION_LABEL]: options.revision }
    : { ...discovered, [ISTIO_INJECTION_LABEL]: 'enabled' };
}

/**
 * An apply of labels to a live namespace. The live labels are sent again: an
 * apply drops the fields its manager owned but no longer lists, and more than
 * one action labels the namespace (membership, the waypoint).
 */
export function labelledNamespace(
  live: KubeObject,
  labels: Record<string, string>,
): KubeObject {
  return {
    apiVersion: kinds.namespace.apiVersion,
    kind: kinds.namespace.kind,
    metadata: {
      name: live.metadata.name,
      labels: { ...(live.metadata.labels ?? {}), ...labels },
    },
  };
}

/**
 * Why the cluster's `default` IstioRevisionTag cannot point to this Istio
 * (it points to another mesh's), or undefined when it is free or already this one's.
 */
export function defaultTagConflict(
  tag: KubeObject | undefined,
  istio: string,
  user: string,
): string | undefined {
  if (!tag) return undefined;
  const target = tag.spec?.targetRef;
  if (target?.kind === 'Istio' && target?.name === istio) return undefined;
  if (tag.metadata.labels?.[MANAGED_BY_LABEL] === user) return undefined;
  return `'default-tag' would take the cluster's default IstioRevisionTag, which points to ${target?.kind} ${target?.name} (another mesh's); use 'revision'`;
}
