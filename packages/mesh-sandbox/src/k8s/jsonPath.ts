/**
 * The subset of kubectl's JSONPath that printer columns use:
 * `.a.b`, `.a[0]`, `.a[*].b` and `.a[?(@.type=="Ready")].reason`.
 */
export function evaluateJsonPath(object: unknown, path: string): unknown[] {
  const segments = path.match(/\.[^.[]+|\[[^\]]*\]/g) ?? [];
  let values: unknown[] = [object];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of values) {
      if (value === null || value === undefined) continue;
      if (segment.startsWith('.')) {
        const child = (value as any)[segment.slice(1)];
        if (child !== undefined) next.push(child);
      } else if (segment === '[*]') {
        if (Array.isArray(value)) next.push(...value);
      } else if (/^\[\d+\]$/.test(segment)) {
        if (Array.isArray(value)) {
          const item = value[Number(segment.slice(1, -1))];
          if (item !== undefined) next.push(item);
        }
      } else {
        const filter = segment.match(
          /^\[\?\(@\.([\w.]+)\s*==\s*["']([^"']*)["']\)\]$/,
        );
        if (filter && Array.isArray(value)) {
          next.push(
            ...value.filter(
              item => String((item as any)?.[filter[1]]) === filter[2],
            ),
          );
        }
      }
    }
    values = next;
  }
  return values;
}

export function jsonPathText(object: unknown, path: string): string {
  return evaluateJsonPath(object, path)
    .map(v => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
    .join(',');
}
