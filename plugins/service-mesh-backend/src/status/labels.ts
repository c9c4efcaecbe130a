export { labelsMatch } from '@service-mesh/plugin-service-mesh-common';

/** Parses `name=carts,app=carts` (the Kubernetes plugin's label-selector annotation, equality terms). */
export function parseEqualitySelector(
  selector: string,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const term of selector
    .split(',')
    .map(t => t.trim())
    .filter(Boolean)) {
    const match = term.match(/^([^=!\s]+)\s*==?\s*([^=!\s]*)$/);
    if (!match)
      throw new Error(
        `only equality terms are supported in a label selector, got "${term}"`,
      );
    labels[match[1]] = match[2];
  }
  return labels;
}
