import { applyConflict } from './errors';
import {
  FieldPath,
  changedPaths,
  fromFieldsV1,
  leafPaths,
  overlaps,
  pathKey,
  pathText,
  removeAt,
  sameValue,
  setAt,
  toFieldsV1,
  valueAt,
} from './fieldPaths';
import { K8sObject, ManagedFieldsEntry, ResourceType } from './types';

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function entryPaths(entry: ManagedFieldsEntry): FieldPath[] {
  return fromFieldsV1(entry.fieldsV1);
}

function withoutPaths(
  entry: ManagedFieldsEntry,
  removed: FieldPath[],
): ManagedFieldsEntry | undefined {
  const kept = entryPaths(entry).filter(
    p => !removed.some(r => overlaps(p, r)),
  );
  return kept.length > 0 ? { ...entry, fieldsV1: toFieldsV1(kept) } : undefined;
}

/**
 * Records that a manager changed fields with a non-apply write (create, update,
 * patch): it now owns them, and other managers' ownership of them ends.
 */
export function recordUpdate(
  before: K8sObject | undefined,
  after: K8sObject,
  manager: string,
  apiVersion: string,
  subresource?: string,
): ManagedFieldsEntry[] {
  const changed = changedPaths(before, after, subresource === 'status');
  const existing = before?.metadata.managedFields ?? [];
  if (changed.length === 0) return existing;
  const others = existing
    .filter(
      e =>
        !(
          e.manager === manager &&
          e.operation === 'Update' &&
          e.subresource === subresource
        ),
    )
    .map(e => withoutPaths(e, changed))
    .filter((e): e is ManagedFieldsEntry => Boolean(e));
  const mine = existing.find(
    e =>
      e.manager === manager &&
      e.operation === 'Update' &&
      e.subresource === subresource,
  );
  const owned = [...(mine ? entryPaths(mine) : []), ...changed];
  const unique = new Map(owned.map(p => [pathKey(p), p]));
  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Update',
    apiVersion,
    time: now(),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1([...unique.values()]),
    ...(subresource ? { subresource } : {}),
  };
  return [...others, entry];
}

/**
 * Server-side apply: merges the applied configuration into the live object.
 * Fields another manager owns with a different value conflict unless forced
 * (forcing moves their ownership to this manager). Fields this manager applied
 * before and no longer applies are removed when nobody else owns them.
 */
export function serverSideApply(options: {
  type: ResourceType;
  live: K8sObject | undefined;
  config: K8sObject;
  manager: string;
  apiVersion: string;
  force: boolean;
}): K8sObject {
  const { type, live, config, manager, apiVersion, force } = options;
  const name = config.metadata.name!;
  const applied = leafPaths(config);
  const entries = live?.metadata.managedFields ?? [];
  const mine = entries.find(
    e => e.manager === manager && e.operation === 'Apply' && !e.subresource,
  );
  const others = entries.filter(e => e !== mine && !e.subresource);

  const conflicts: {
    manager: string;
    apiVersion: string;
    field: string;
    path: FieldPath;
  }[] = [];
  for (const entry of others) {
    for (const owned of entryPaths(entry)) {
      for (const path of applied) {
        if (!overlaps(owned, path)) continue;
        if (sameValue(valueAt(live, path), valueAt(config, path))) continue;
        if (
          conflicts.some(
            c =>
              c.manager === entry.manager && pathKey(c.path) === pathKey(owned),
          )
        )
          continue;
        conflicts.push({
          manager: entry.manager,
          apiVersion: entry.apiVersion,
          field: pathText(owned),
          path: owned,
        });
      }
    }
  }
  if (conflicts.length > 0 && !force) {
    throw applyConflict(type, name, conflicts);
  }

  const result: K8sObject = structuredClone(live ?? { metadata: {} });
  result.metadata ??= {};
  const ownedByOthers = others.flatMap(entryPaths);
  const appliedKeys = new Set(applied.map(pathKey));
  for (const previous of mine ? entryPaths(mine) : []) {
    if (appliedKeys.has(pathKey(previous))) continue;
    if (applied.some(p => overlaps(p, previous))) continue;
    if (ownedByOthers.some(p => overlaps(p, previous))) continue;
    removeAt(result, previous);
  }
  for (const path of applied) setAt(result, path, valueAt(config, path));

  const conflictPaths = force ? conflicts.map(c => c.path) : [];
  const previousTime = mine?.time;
  const unchanged =
    mine &&
    sameValue(
      entryPaths(mine).map(pathKey).sort(),
      applied.map(pathKey).sort(),
    );
  const mineNow: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion,
    time: unchanged && previousTime ? previousTime : now(),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(applied),
  };
  // Entries keep their places, as an API server keeps them, so that an apply
  // that changes nothing leaves the object (and its resourceVersion) alone.
  const updated = entries
    .map(e => {
      if (e === mine) return mineNow;
      return e.subresource ? e : withoutPaths(e, conflictPaths);
    })
    .filter((e): e is ManagedFieldsEntry => Boolean(e));
  result.metadata.managedFields = mine ? updated : [...updated, mineNow];
  return result;
}
