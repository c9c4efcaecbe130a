/**
 * Kiali's traffic-health tolerances (`health_config.rate` in the Kiali CR):
 * rules matched by namespace, kind and name, each a list of tolerances per
 * code pattern, protocol and direction with a degraded and a failure
 * threshold in percent.
 *
 * @public
 */

export const HEALTH_RATE_ANNOTATION = 'health.kiali.io/rate';

/** @public */
export interface HealthTolerance {
  /** Response codes counted as errors; `X` stands for any digit (`5XX`). */
  code: string;
  /** Percent of errors from which the state is Degraded (0: any error). */
  degraded: number;
  /** Percent of errors from which the state is Failure. */
  failure: number;
  /** Protocols it applies to, a regular expression (default: all). */
  protocol?: string;
  /** `inbound`, `outbound` or a regular expression of both (default: all). */
  direction?: string;
}

/** @public */
export interface HealthRateRule {
  /** Regular expressions; absent or empty matches everything. */
  namespace?: string;
  kind?: string;
  name?: string;
  tolerance: HealthTolerance[];
}

/** @public */
export type HealthKind = 'app' | 'service' | 'workload';

/**
 * Kiali's own defaults (`config.AddHealthDefault`, the same from 1.73 to 2.x), appended after configured rules.
 *
 * @public
 */
export const KIALI_DEFAULT_RATE_RULE: HealthRateRule = {
  tolerance: [
    {
      code: '5XX',
      protocol: 'http',
      direction: '.*',
      degraded: 0,
      failure: 10,
    },
    {
      code: '4XX',
      protocol: 'http',
      direction: '.*',
      degraded: 10,
      failure: 20,
    },
    {
      code: '^[1-9]$|^1[0-6]$',
      protocol: 'grpc',
      direction: '.*',
      degraded: 0,
      failure: 10,
    },
    {
      code: '^-$',
      protocol: 'http|grpc',
      direction: '.*',
      degraded: 0,
      failure: 10,
    },
  ],
};

/**
 * A tolerance with its patterns compiled, and where it came from.
 *
 * @public
 */
export interface CompiledTolerance extends HealthTolerance {
  codePattern: RegExp;
  protocolPattern: RegExp;
  directionPattern: RegExp;
  origin: 'default' | 'configured' | 'annotation';
}

const matchAll = /.*/;

/** A pattern as Kiali's UI compiles it: unanchored, empty matches all. */
function pattern(source: string | undefined, isCode = false): RegExp {
  if (!source) return matchAll;
  return new RegExp(isCode ? source.replace(/x/gi, '\\d') : source);
}

/** @public */
export function compileTolerance(
  tolerance: HealthTolerance,
  origin: CompiledTolerance['origin'],
): CompiledTolerance {
  return {
    ...tolerance,
    codePattern: pattern(tolerance.code, true),
    protocolPattern: pattern(tolerance.protocol),
    directionPattern: pattern(tolerance.direction),
    origin,
  };
}

/**
 * Problems of a rule list, naming the entry, for config validation.
 *
 * @public
 */
export function rateRuleProblems(rules: HealthRateRule[]): string[] {
  const problems: string[] = [];
  rules.forEach((rule, i) => {
    for (const key of ['namespace', 'kind', 'name'] as const) {
      const value = rule[key];
      if (value !== undefined && !isRegExp(value))
        problems.push(`[${i}].${key} is not a regular expression: ${value}`);
    }
    if (!Array.isArray(rule.tolerance) || rule.tolerance.length === 0)
      problems.push(`[${i}].tolerance needs at least one tolerance`);
    (rule.tolerance ?? []).forEach((t, j) => {
      const at = `[${i}].tolerance[${j}]`;
      if (typeof t.code !== 'string' || !isRegExp(t.code.replace(/x/gi, '\\d')))
        problems.push(`${at}.code must be a code pattern like 5XX`);
      if (!(t.degraded >= 0) || !(t.failure >= 0))
        problems.push(`${at}: degraded and failure must be percentages`);
      else if (t.degraded > t.failure)
        problems.push(`${at}: degraded must not exceed failure`);
      for (const key of ['protocol', 'direction'] as const) {
        if (t[key] !== undefined && !isRegExp(t[key]!))
          problems.push(`${at}.${key} is not a regular expression`);
      }
    });
  });
  return problems;
}

function isRegExp(source: string): boolean {
  try {
    RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * The tolerances of a `health.kiali.io/rate` annotation
 * (`<code>,<degraded>,<failure>,<protocol>,<direction>`, several joined by
 * `;`), or undefined when it is absent or invalid: Kiali then ignores it.
 *
 * @public
 */
export function annotationTolerances(
  annotations: Record<string, string> | undefined,
): CompiledTolerance[] | undefined {
  const value = annotations?.[HEALTH_RATE_ANNOTATION];
  if (!value) return undefined;
  const tolerances: CompiledTolerance[] = [];
  for (const entry of value.split(';')) {
    const parts = entry.split(',');
    if (parts.length !== 5) return undefined;
    const [code, degradedText, failureText, protocol, direction] = parts;
    const degraded = Number(degradedText);
    const failure = Number(failureText);
    if (Number.isNaN(degraded) || Number.isNaN(failure) || degraded > failure)
      return undefined;
    if (![code.replace(/x/gi, '\\d'), protocol, direction].every(isRegExp))
      return undefined;
    tolerances.push(
      compileTolerance(
        { code, degraded, failure, protocol, direction },
        'annotation',
      ),
    );
  }
  return tolerances;
}

/**
 * The tolerances Kiali applies to one entity: its valid annotation, else the
 * first configured rule matching its namespace, kind and name, else Kiali's
 * defaults.
 *
 * @public
 */
export function tolerancesFor(options: {
  namespace: string;
  name: string;
  kind: HealthKind;
  rules?: HealthRateRule[];
  annotations?: Record<string, string>;
}): CompiledTolerance[] {
  const annotated = annotationTolerances(options.annotations);
  if (annotated) return annotated;
  const rules = options.rules ?? [];
  const rule = rules.find(
    r =>
      pattern(r.namespace).test(options.namespace) &&
      pattern(r.kind).test(options.kind) &&
      pattern(r.name).test(options.name),
  );
  if (rule) return rule.tolerance.map(t => compileTolerance(t, 'configured'));
  return KIALI_DEFAULT_RATE_RULE.tolerance.map(t =>
    compileTolerance(t, 'default'),
  );
}

const knownClasses: Array<[RegExp, string]> = [
  [/^\^?5(\\d|x){2}\$?$/i, '5xx'],
  [/^\^?4(\\d|x){2}\$?$/i, '4xx'],
  [/^\^?\[4\|?-?5\](\\d|x){2}\$?$/i, '4xx and 5xx'],
  [/^\^\[1-9\]\$\|\^1\[0-6\]\$$/, 'gRPC errors (codes 1-16)'],
  [/^\^?-\$?$/, 'no response (-)'],
];

/**
 * A code pattern in words, for reasons shown to people.
 *
 * @public
 */
export function codeClassOf(code: string): string {
  return knownClasses.find(([p]) => p.test(code))?.[1] ?? `codes ${code}`;
}
