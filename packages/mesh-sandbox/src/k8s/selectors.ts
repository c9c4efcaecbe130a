import { badRequest } from './errors';
import { K8sObject } from './types';

type Requirement =
  | { op: 'exists' | '!'; key: string }
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

/** Splits on commas that are not inside a set's parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

export function parseLabelSelector(
  selector: string | undefined,
): Requirement[] {
  if (!selector) return [];
  return splitTerms(selector).map(term => {
    let match = term.match(/^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/);
    if (match) {
      return {
        op: match[2] as 'in' | 'notin',
        key: match[1],
        values: match[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      };
    }
    match = term.match(/^([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)$/);
    if (match) {
      return {
        op: match[2] === '!=' ? '!=' : '=',
        key: match[1],
        value: match[3],
      };
    }
    match = term.match(/^!\s*([^\s!=]+)$/);
    if (match) return { op: '!', key: match[1] };
    match = term.match(/^([^\s!=(),]+)$/);
    if (match) return { op: 'exists', key: match[1] };
    throw badRequest(
      `unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`,
    );
  });
}

export function matchesLabels(
  requirements: Requirement[],
  labels: Record<string, string> = {},
): boolean {
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case '=':
        return labels[r.key] === r.value;
      case '!=':
        return labels[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(labels[r.key]);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]);
      default:
        return false;
    }
  });
}

/** Field selectors on metadata.name and metadata.namespace (=, ==, !=). */
export function fieldSelectorMatcher(
  selector: string | undefined,
): (object: K8sObject) => boolean {
  if (!selector) return () => true;
  const terms = splitTerms(selector).map(term => {
    const match = term.match(/^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/);
    if (!match)
      throw badRequest(
        `invalid selector: '${selector}'; can't understand '${term}'`,
      );
    const [, field, op, value] = match;
    if (field !== 'metadata.name' && field !== 'metadata.namespace') {
      throw badRequest(`field label not supported: ${field}`);
    }
    return {
      field: field.slice('metadata.'.length),
      negate: op === '!=',
      value,
    };
  });
  return object =>
    terms.every(
      t => ((object.metadata as any)[t.field] === t.value) !== t.negate,
    );
}

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
