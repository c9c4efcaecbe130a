/** A Kubernetes LabelSelector object (matchLabels + matchExpressions). */
export function matchesLabelSelector(
  selector: any,
  labels: Record<string, string> = {},
): boolean {
  if (!selector) return false;
  const matchLabels = Object.entries(selector.matchLabels ?? {}).every(
    ([k, v]) => labels[k] === v,
  );
  const expressions = ((selector.matchExpressions ?? []) as any[]).every(e => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && e.values.includes(labels[e.key]);
      case 'NotIn':
        return !has || !e.values.includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
  return matchLabels && expressions;
}
