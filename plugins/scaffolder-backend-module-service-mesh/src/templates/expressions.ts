/** A value the check could not know before a run (e.g. another step's output). */
export const UNKNOWN = Symbol('unknown');

const WHOLE = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/;
const ANY = /\$\{\{([\s\S]*?)\}\}/g;

/** The expressions `${{ ... }}` in a string. */
export function expressionsIn(text: string): string[] {
  return [...text.matchAll(ANY)].map(m => m[1].trim());
}

/** `parameters.x`, `steps.a.output.b`, `user.entity.metadata.name` references in an expression. */
export function referencesIn(expression: string): string[][] {
  const paths =
    expression.match(
      /[A-Za-z_][\w]*(?:\.[A-Za-z_][\w-]*|\[['"][^'"]+['"]\])*/g,
    ) ?? [];
  return paths
    .map(p => [
      p.match(/^[A-Za-z_][\w]*/)![0],
      // a bracketed key keeps its dots: annotations['backstage.io/kubernetes-namespace']
      ...[...p.matchAll(/\.([A-Za-z_][\w-]*)|\[['"]([^'"]+)['"]\]/g)].map(
        m => m[1] ?? m[2],
      ),
    ])
    .filter(parts => ['parameters', 'steps', 'user'].includes(parts[0]));
}

function lookup(path: string[], context: Record<string, unknown>): unknown {
  let value: any = context;
  for (const part of path) {
    if (value === UNKNOWN) return UNKNOWN;
    if (value === null || typeof value !== 'object') return undefined;
    value = value[part];
  }
  return value;
}

/**
 * Evaluates the small expression language the templates use: paths, number
 * and string literals, `a or b`, `a and b`, `a == b`, `a != b` and `a - b`
 * (binding in that order, as in Nunjucks). Anything else is UNKNOWN.
 */
export function evaluate(
  expression: string,
  context: Record<string, unknown>,
): unknown {
  const or = expression.split(/\s+or\s+/);
  if (or.length > 1) {
    for (const part of or) {
      const value = evaluate(part, context);
      if (value === UNKNOWN) return UNKNOWN;
      if (value) return value;
    }
    return evaluate(or[or.length - 1], context);
  }
  const and = expression.split(/\s+and\s+/);
  if (and.length > 1) {
    let value: unknown = true;
    for (const part of and) {
      value = evaluate(part, context);
      if (value === UNKNOWN) return UNKNOWN;
      if (!value) return value;
    }
    return value;
  }
  const compare = expression.match(/^(.+?)\s*(==|!=)\s*(.+)$/);
  if (compare) {
    const [a, b] = [
      evaluate(compare[1], context),
      evaluate(compare[3], context),
    ];
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
    return compare[2] === '==' ? a === b : a !== b;
  }
  const minus = expression.match(/^(.+?)\s+-\s+(.+)$/);
  if (minus) {
    const [a, b] = [evaluate(minus[1], context), evaluate(minus[2], context)];
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
    return Number(a) - Number(b);
  }
  const text = expression.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const quoted = text.match(/^['"](.*)['"]$/);
  if (quoted) return quoted[1];
  const [path] = referencesIn(text);
  if (
    !path ||
    path.join('.').length < text.replace(/\[['"]([^'"]+)['"]\]/g, '.$1').length
  )
    return UNKNOWN;
  return lookup(path, context);
}

/** Renders a step input as the scaffolder would: whole-expression strings keep their type. */
export function render(
  value: unknown,
  context: Record<string, unknown>,
): unknown {
  if (typeof value === 'string') {
    const whole = value.match(WHOLE);
    if (whole) return evaluate(whole[1].trim(), context);
    if (expressionsIn(value).length > 0) {
      let unknown = false;
      const text = value.replace(ANY, (_m, e) => {
        const v = evaluate(e.trim(), context);
        if (v === UNKNOWN) unknown = true;
        return String(v ?? '');
      });
      return unknown ? UNKNOWN : text;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(v => render(v, context));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [
      k,
      render(v, context),
    ]);
    return entries.some(([, v]) => v === UNKNOWN)
      ? UNKNOWN
      : Object.fromEntries(entries);
  }
  return value;
}
