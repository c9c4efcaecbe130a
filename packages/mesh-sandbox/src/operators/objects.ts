import { Kind } from '../client/kinds';
import { KubeClient } from '../client/kubeClient';
import { K8sObject, OwnerReference } from '../k8s/types';
import { ClusterCache } from './clusterCache';

/** A timestamp as the API server writes them: seconds, UTC. */
export const timestamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export function ownerReference(
  owner: K8sObject,
  apiVersion: string,
  kind: string,
): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The owner reference marked controller:true, if any. */
export const controllerOf = (object: K8sObject) =>
  object.metadata.ownerReferences?.find(ref => ref.controller);

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether every field `wanted` sets has that value in `actual` (lists compared item by item). */
export function isSubset(wanted: unknown, actual: unknown): boolean {
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((item, i) => isSubset(item, actual[i]))
    );
  }
  if (isMap(wanted)) {
    return (
      isMap(actual) &&
      Object.entries(wanted).every(([key, value]) =>
        isSubset(value, actual[key]),
      )
    );
  }
  return wanted === actual;
}

/**
 * Server-side applies what the operator wants the object to be, unless the
 * cached live object already has every field it sets: how an operator keeps
 * what it owns as it wants it, without touching what others added, and
 * without a write per reconcile.
 */
export async function ensureObject(
  client: KubeClient,
  cache: ClusterCache,
  kind: Kind,
  desired: K8sObject,
  manager: string,
): Promise<void> {
  const { namespace, name } = desired.metadata;
  const live = cache.get(kind.group, kind.plural, namespace, name!);
  if (live) {
    const { apiVersion, kind: _kind, status, ...fields } = desired;
    const wanted = {
      ...fields,
      metadata: {
        labels: desired.metadata.labels,
        annotations: desired.metadata.annotations,
        ownerReferences: desired.metadata.ownerReferences,
      },
    };
    if (isSubset(JSON.parse(JSON.stringify(wanted)), live)) return;
  }
  await client.apply(kind, desired, { fieldManager: manager, force: true });
}

/**
 * Writes a status the operator owns, unless the cached object already reports
 * it: a merge patch of the status subresource that replaces each top-level
 * field and clears those it no longer sets, as controller-runtime operators
 * write status. Not server-side apply: on a kind whose versions have different
 * status schemas (SMCP v1 and v2, no conversion webhook) an apply fails with
 * "failed to convert new object: .status.readiness: field not declared in
 * schema" once a manager of the other version (kubectl applying the guide's v1
 * SMCP) owns fields of the object.
 */
export async function ensureStatus(
  client: KubeClient,
  cache: ClusterCache,
  kind: Kind,
  object: K8sObject,
  status: Record<string, unknown>,
  manager: string,
): Promise<void> {
  const { namespace, name } = object.metadata;
  const live = cache.get(kind.group, kind.plural, namespace, name!);
  const wanted = JSON.parse(JSON.stringify(status));
  if (live && isSubset(wanted, live.status ?? {})) return;
  const cleared = Object.keys(live?.status ?? object.status ?? {})
    .filter(field => !(field in wanted))
    .map(field => [field, null]);
  await client.mergePatch(
    kind,
    namespace,
    name!,
    { status: { ...Object.fromEntries(cleared), ...wanted } },
    { fieldManager: manager, subresource: 'status' },
  );
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  [field: string]: unknown;
}

/**
 * The next conditions, keeping the timestamps of those that did not change so
 * that a reconcile of an unchanged object writes nothing. Deployments also keep
 * lastUpdateTime, which moves whenever reason or message do.
 */
export function nextConditions(
  previous: Condition[] | undefined,
  next: Condition[],
  withUpdateTime = false,
): Condition[] {
  const now = timestamp();
  return next.map(condition => {
    const before = previous?.find(c => c.type === condition.type);
    const sameStatus = before?.status === condition.status;
    const sameText =
      sameStatus &&
      before?.reason === condition.reason &&
      before?.message === condition.message;
    const times: Partial<Condition> = withUpdateTime
      ? { lastUpdateTime: sameText ? before!.lastUpdateTime : now }
      : {};
    times.lastTransitionTime = sameStatus ? before!.lastTransitionTime : now;
    return { ...condition, ...times };
  });
}

export const conditionOf = (object: K8sObject | undefined, type: string) =>
  (object?.status?.conditions as Condition[] | undefined)?.find(
    c => c.type === type,
  );

/** Runs a controller job, logging instead of throwing (a failed write is retried on the next event). */
export function logFailure(log: (message: string) => void, what: string) {
  return (error: unknown) =>
    log(`${what}: ${(error as Error)?.message ?? String(error)}`);
}
