import { ObjectApi } from '../k8s/objectApi';
import { K8sObject, OwnerReference, ResourceType } from '../k8s/types';

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
 * Creates the object, or merge-patches the fields it sets when the live object
 * differs: how an operator keeps what it owns as it wants it without touching
 * what others (allocators, users) added.
 */
export function ensureObject(
  api: ObjectApi,
  type: ResourceType,
  desired: K8sObject,
  manager: string,
): K8sObject {
  const { namespace, name } = desired.metadata;
  const live = api.tryGet(type, namespace, name!);
  if (!live)
    return api.create(type, namespace, desired, { fieldManager: manager });
  const { apiVersion, kind, status, ...fields } = desired;
  const wanted = {
    ...fields,
    metadata: {
      labels: desired.metadata.labels,
      annotations: desired.metadata.annotations,
      ownerReferences: desired.metadata.ownerReferences,
    },
  };
  if (isSubset(JSON.parse(JSON.stringify(wanted)), live)) return live;
  return api.patch(type, namespace, name!, 'merge', wanted, {
    fieldManager: manager,
  });
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
