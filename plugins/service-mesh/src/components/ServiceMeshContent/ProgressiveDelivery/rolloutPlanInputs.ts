import {
  isHttpRouteRule,
  RolloutPlan,
  ServiceStatus,
  shiftKeyOf,
  validateRolloutPlan,
  weightedTrafficRoute,
} from '@service-mesh/plugin-service-mesh-common';

/** What the start form holds, as typed. */
export interface RolloutPlanInputs {
  stableSubset: string;
  canarySubset: string;
  /** Weights separated by commas or spaces: `10, 25, 50`. */
  steps: string;
  bakeSeconds: string;
  interval: string;
  minSuccessRatePercent: string;
  maxP99LatencyMs: string;
  minRequests: string;
  failedChecksThreshold: string;
}

export type RolloutInputField = keyof RolloutPlanInputs;

export interface RolloutPlanCheck {
  plan?: RolloutPlan;
  /** The validator's errors per input, in words for the input's helper text. */
  fieldErrors: Partial<Record<RolloutInputField, string>>;
  /** Errors no input can fix, e.g. about the service. */
  formError?: string;
}

/** What the form calls a rollout's two sides: DestinationRule subsets, or an HTTPRoute's per-version Services. */
export function rolloutTargetNoun(
  service: ServiceStatus,
): 'subset' | 'Service' {
  return splittingHttpRouteRule(service) ? 'Service' : 'subset';
}

/** The HTTPRoute rule that splits the service, when no VirtualService route does. */
function splittingHttpRouteRule(service: ServiceStatus) {
  const route = weightedTrafficRoute(service);
  return route && isHttpRouteRule(route) ? route : undefined;
}

/**
 * What a rollout can step between: the DestinationRule's subsets, else the
 * route's; for a service an HTTPRoute splits, its backendRefs' Services.
 */
export function rolloutSubsets(service: ServiceStatus): string[] {
  const rule = splittingHttpRouteRule(service);
  if (rule) {
    return rule.destinations
      .map(d => shiftKeyOf(rule, d))
      .filter((key): key is string => key !== undefined);
  }
  const names = service.subsets.map(s => s.name);
  if (names.length === 0) {
    for (const route of service.routes) {
      for (const d of route.destinations) if (d.subset) names.push(d.subset);
    }
  }
  return [...new Set(names)];
}

/** The version a subset (or per-version Service) selects: its `version` label, else its name. */
export function subsetVersion(service: ServiceStatus, subset: string): string {
  const rule = splittingHttpRouteRule(service);
  if (rule) {
    return rule.destinations.find(d => d.host === subset)?.version ?? subset;
  }
  return service.subsets.find(s => s.name === subset)?.labels.version ?? subset;
}

/** The subset's (or per-version Service's) configured weight summed over the service's routes. */
function routedWeight(service: ServiceStatus, subset: string): number {
  const rule = splittingHttpRouteRule(service);
  if (rule) {
    return rule.destinations
      .filter(d => d.host === subset)
      .reduce((sum, d) => sum + d.weight, 0);
  }
  return service.routes
    .flatMap(r => r.destinations)
    .filter(d => d.subset === subset)
    .reduce((sum, d) => sum + d.weight, 0);
}

/**
 * The form's first values: the subset with most traffic as stable, the one
 * with least as canary, and the defaults of a cautious rollout.
 */
export function defaultRolloutInputs(
  service: ServiceStatus,
): RolloutPlanInputs {
  const byWeight = [...rolloutSubsets(service)].sort(
    (a, b) => routedWeight(service, b) - routedWeight(service, a),
  );
  return {
    stableSubset: byWeight[0] ?? '',
    canarySubset: byWeight[byWeight.length - 1] ?? '',
    steps: '10, 25, 50',
    bakeSeconds: '60',
    interval: '1m',
    minSuccessRatePercent: '99',
    maxP99LatencyMs: '500',
    minRequests: '20',
    failedChecksThreshold: '2',
  };
}

/** A number when the text is one, else the text itself, so the validator names what was typed. */
function numberOrText(raw: string): unknown {
  const number = Number(raw);
  return raw.trim() === '' || Number.isNaN(number) ? raw : number;
}

/** `10, 25 50` -> [10, 25, 50]; non-numbers stay text for the validator to name. */
export function parseStepWeights(raw: string): unknown[] {
  return raw
    .split(/[\s,]+/)
    .filter(part => part !== '')
    .map(numberOrText);
}

const CHECK_FIELDS: RolloutInputField[] = [
  'minSuccessRatePercent',
  'maxP99LatencyMs',
  'minRequests',
  'interval',
  'failedChecksThreshold',
];

/** The input a validator field belongs to: `steps[1]` -> steps, `checks.interval` -> interval. */
function inputOf(field: string): RolloutInputField | undefined {
  if (field === 'steps' || field.startsWith('steps[')) return 'steps';
  if (field === 'bakeSeconds') return 'bakeSeconds';
  if (field.startsWith('stable')) return 'stableSubset';
  if (field.startsWith('canary')) return 'canarySubset';
  const check = field.replace(/^checks\./, '') as RolloutInputField;
  return CHECK_FIELDS.includes(check) ? check : undefined;
}

const capitalized = (text: string) =>
  text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);

/** Builds the plan from the inputs and checks it with the rules the backend applies. */
export function checkRolloutInputs(
  service: ServiceStatus,
  inputs: RolloutPlanInputs,
): RolloutPlanCheck {
  const candidate = {
    service: service.name,
    stable: {
      subset: inputs.stableSubset,
      version: subsetVersion(service, inputs.stableSubset),
    },
    canary: {
      subset: inputs.canarySubset,
      version: subsetVersion(service, inputs.canarySubset),
    },
    steps: parseStepWeights(inputs.steps),
    bakeSeconds: numberOrText(inputs.bakeSeconds),
    checks: {
      minSuccessRatePercent: numberOrText(inputs.minSuccessRatePercent),
      maxP99LatencyMs: numberOrText(inputs.maxP99LatencyMs),
      minRequests: numberOrText(inputs.minRequests),
      interval: inputs.interval.trim(),
      failedChecksThreshold: numberOrText(inputs.failedChecksThreshold),
    },
  };
  const result = validateRolloutPlan(candidate);
  if (result.valid) return { plan: result.plan, fieldErrors: {} };
  const fieldErrors: Partial<Record<RolloutInputField, string>> = {};
  const formErrors: string[] = [];
  for (const error of result.errors) {
    const input = inputOf(error.field);
    // A step's message names other steps by index; keep its own index too.
    const text =
      input === 'steps' && error.field !== 'steps'
        ? `${error.field} ${error.message}`
        : capitalized(error.message);
    if (!input) {
      formErrors.push(`${error.field} ${error.message}`);
    } else if (!fieldErrors[input]) {
      fieldErrors[input] = text;
    } else if (input === 'steps') {
      fieldErrors.steps = `${fieldErrors.steps}; ${text}`;
    }
    // else: a subset's version error after its subset error says the same
  }
  return {
    fieldErrors,
    formError:
      formErrors.length > 0
        ? `The plan is not valid: ${formErrors.join('; ')}.`
        : undefined,
  };
}
