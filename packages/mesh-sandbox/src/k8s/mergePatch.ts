const isObject = (value: unknown): value is Record<string, any> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** RFC 7386 JSON merge patch: maps merge, null deletes, lists replace. */
export function applyMergePatch(target: unknown, patch: unknown): any {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, any> = isObject(target)
    ? structuredClone(target)
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** The list fields of built-in kinds that merge by a key instead of being replaced. */
const mergeKeys: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  tolerations: 'key',
  conditions: 'type',
};

/**
 * Strategic merge patch for built-in kinds: a merge patch in which the lists
 * Kubernetes declares with a patch merge key (containers by name, ...) merge
 * item by item, and `$patch: delete` / `$patch: replace` are honoured.
 */
export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown,
  field?: string,
): any {
  if (Array.isArray(patch)) {
    const key = field ? mergeKeys[field] : undefined;
    if (!key || !Array.isArray(target)) return structuredClone(patch);
    const result = structuredClone(target) as any[];
    for (const item of patch) {
      const index = result.findIndex(
        existing =>
          isObject(existing) && isObject(item) && existing[key] === item[key],
      );
      if (isObject(item) && item.$patch === 'delete') {
        if (index >= 0) result.splice(index, 1);
      } else if (index >= 0) {
        result[index] = applyStrategicMergePatch(result[index], item);
      } else {
        result.push(structuredClone(item));
      }
    }
    return result;
  }
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch, ...rest } = patch;
    return structuredClone(rest);
  }
  const result: Record<string, any> = isObject(target)
    ? structuredClone(target)
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (value === null) delete result[key];
    else result[key] = applyStrategicMergePatch(result[key], value, key);
  }
  return result;
}
