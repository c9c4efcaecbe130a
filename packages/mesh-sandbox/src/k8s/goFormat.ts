/**
 * Values printed the way Go's `%#v` prints them, as the API server does in
 * `Invalid value: ...` messages of 422 errors.
 */

const quote = (text: string) => JSON.stringify(text);

/** `map[string]string{"app":"carts", "version":"v1"}` (keys sorted, as Go prints maps). */
export function goStringMap(map: Record<string, string> | undefined): string {
  if (!map) return 'map[string]string(nil)';
  const entries = Object.keys(map)
    .sort()
    .map(key => `${quote(key)}:${quote(String(map[key]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function goStrings(values: string[] | undefined): string {
  if (!values) return '[]string(nil)';
  return `[]string{${values.map(v => quote(String(v))).join(', ')}}`;
}

/** A metav1.LabelSelector: `v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`. */
export function goLabelSelector(selector: any): string {
  const expressions = selector?.matchExpressions as any[] | undefined;
  const requirements = expressions
    ? `[]v1.LabelSelectorRequirement{${expressions
        .map(
          e =>
            `v1.LabelSelectorRequirement{Key:${quote(
              String(e?.key ?? ''),
            )}, Operator:${quote(
              String(e?.operator ?? ''),
            )}, Values:${goStrings(e?.values)}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(
    selector?.matchLabels,
  )}, MatchExpressions:${requirements}}`;
}
