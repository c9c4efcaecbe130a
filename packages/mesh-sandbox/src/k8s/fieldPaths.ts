/** A path to a field: map keys from the object root. Lists are atomic leaves. */
export type FieldPath = string[];

const isMap = (value: unknown): value is Record<string, any> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Fields that identify an object rather than describe it: never owned by a manager. */
const identity = new Set(['apiVersion', 'kind']);
const identityMeta = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'generateName',
  'selfLink',
]);

/** The leaf fields an object sets, skipping identity and (optionally) status. */
export function leafPaths(object: unknown, includeStatus = false): FieldPath[] {
  const paths: FieldPath[] = [];
  const walk = (value: unknown, path: FieldPath) => {
    if (isMap(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) {
        if (path.length === 0 && identity.has(key)) continue;
        if (path.length === 0 && key === 'status' && !includeStatus) continue;
        if (
          path.length === 1 &&
          path[0] === 'metadata' &&
          identityMeta.has(key)
        )
          continue;
        walk(child, [...path, key]);
      }
    } else if (path.length > 0) {
      paths.push(path);
    }
  };
  walk(object, []);
  return paths;
}

export const pathKey = (path: FieldPath) => JSON.stringify(path);
export const pathFromKey = (key: string): FieldPath => JSON.parse(key);
export const pathText = (path: FieldPath) => `.${path.join('.')}`;

export function valueAt(object: unknown, path: FieldPath): unknown {
  let node: any = object;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = node[key];
  }
  return node;
}

export function setAt(
  object: Record<string, any>,
  path: FieldPath,
  value: unknown,
) {
  let node = object;
  for (const key of path.slice(0, -1)) {
    if (!isMap(node[key])) node[key] = {};
    node = node[key];
  }
  node[path[path.length - 1]] = structuredClone(value);
}

/** Removes a field and any maps left empty above it. */
export function removeAt(object: Record<string, any>, path: FieldPath) {
  const parents: Record<string, any>[] = [];
  let node: any = object;
  for (const key of path.slice(0, -1)) {
    if (!isMap(node[key])) return;
    parents.push(node);
    node = node[key];
  }
  delete node[path[path.length - 1]];
  for (let i = path.length - 2; i >= 0; i--) {
    const child = parents[i][path[i]];
    if (isMap(child) && Object.keys(child).length === 0 && i > 0) {
      delete parents[i][path[i]];
    } else {
      break;
    }
  }
}

/** True when one path is the other or lies below it. */
export const overlaps = (a: FieldPath, b: FieldPath) => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Encodes fields the way managedFields' FieldsV1 does: {"f:spec":{"f:replicas":{}}}. */
export function toFieldsV1(paths: FieldPath[]): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const path of paths) {
    let node = root;
    for (const key of path) {
      node[`f:${key}`] ??= {};
      node = node[`f:${key}`];
    }
  }
  return root;
}

export function fromFieldsV1(
  fields: Record<string, unknown> | undefined,
): FieldPath[] {
  const paths: FieldPath[] = [];
  const walk = (node: unknown, path: FieldPath) => {
    const entries = isMap(node)
      ? Object.entries(node).filter(([k]) => k.startsWith('f:'))
      : [];
    if (entries.length === 0) {
      if (path.length > 0) paths.push(path);
      return;
    }
    for (const [key, child] of entries) walk(child, [...path, key.slice(2)]);
  };
  walk(fields ?? {}, []);
  return paths;
}

/** Deep equality of JSON values; the order of map keys does not matter. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameValue(item, b[i]))
    );
  }
  if (!isMap(a) || !isMap(b)) return false;
  const keys = Object.keys(a).filter(k => a[k] !== undefined);
  return (
    keys.length === Object.keys(b).filter(k => b[k] !== undefined).length &&
    keys.every(k => sameValue(a[k], b[k]))
  );
}

/** Leaf fields whose value differs between two versions of an object. */
export function changedPaths(
  before: unknown,
  after: unknown,
  includeStatus = false,
): FieldPath[] {
  const seen = new Set<string>();
  const changed: FieldPath[] = [];
  for (const path of [
    ...leafPaths(after, includeStatus),
    ...leafPaths(before, includeStatus),
  ]) {
    const key = pathKey(path);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!sameValue(valueAt(before, path), valueAt(after, path)))
      changed.push(path);
  }
  return changed;
}

export { sameValue };
