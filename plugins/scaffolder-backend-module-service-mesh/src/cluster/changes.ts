import { KubeObject } from './meshCluster';

/** Metadata the API server maintains, which says nothing about a change. */
const volatileMetadata = [
  'managedFields',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'uid',
  'selfLink',
];

function comparable(object: KubeObject): any {
  const { status: _status, metadata, ...rest } = object;
  const kept = Object.fromEntries(
    Object.entries(metadata).filter(([key]) => !volatileMetadata.includes(key)),
  );
  return { ...rest, metadata: kept };
}

/** Dotted paths whose value differs, e.g. `spec.http[0].route`. */
export function changedPaths(
  before: unknown,
  after: unknown,
  path = '',
): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const bothObjects =
    before && after && typeof before === 'object' && typeof after === 'object';
  if (!bothObjects || Array.isArray(before) !== Array.isArray(after)) {
    return [path || '(whole object)'];
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) return [path || '(whole object)'];
    return before.flatMap((item, i) =>
      changedPaths(item, after[i], `${path}[${i}]`),
    );
  }
  const keys = new Set([
    ...Object.keys(before as object),
    ...Object.keys(after as object),
  ]);
  return [...keys]
    .sort()
    .flatMap(key =>
      changedPaths(
        (before as any)[key],
        (after as any)[key],
        path ? `${path}.${key}` : key,
      ),
    );
}

/** The fields an apply changed (or would change), ignoring server bookkeeping. */
export function objectChanges(live: KubeObject, result: KubeObject): string[] {
  return changedPaths(comparable(live), comparable(result));
}
