import { expressionsIn } from './expressions';
import { TemplateDocument, TemplateStep } from './templateSteps';

/** The JSON schema keywords of a form field or action input that constrain a value. */
export interface InputRule {
  type?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  errorMessage?: Record<string, string> | string;
}

/**
 * The form field a step input takes as it is: `${{ parameters.x }}`, or
 * `${{ parameters.x or ... }}` where an empty field falls back to the rest.
 */
export function feedingParameter(
  value: unknown,
): { name: string; fallback: boolean } | undefined {
  if (typeof value !== 'string') return undefined;
  const whole = value.trim().match(/^\$\{\{([\s\S]*)\}\}$/);
  if (!whole || expressionsIn(value).length !== 1) return undefined;
  const operands = whole[1].split(/\s+or\s+/);
  const name = operands[0].trim().match(/^parameters\.([A-Za-z_][\w]*)$/)?.[1];
  return name ? { name, fallback: operands.length > 1 } : undefined;
}

function parameterRules(template: TemplateDocument) {
  return Object.fromEntries(
    (template.spec.parameters ?? []).flatMap(page =>
      Object.entries(page.properties ?? {}),
    ),
  ) as Record<string, InputRule>;
}

/** How a form field is looser than the action input it feeds, as sentences. */
function looseness(
  field: InputRule,
  input: InputRule,
  fallback: boolean,
): string[] {
  const problems: string[] = [];
  if (input.type === 'integer' && field.type !== 'integer') {
    problems.push('must be of type integer');
  }
  if (input.pattern !== undefined) {
    if (field.pattern !== input.pattern) {
      problems.push(`must have the pattern ${JSON.stringify(input.pattern)}`);
    } else if (
      typeof field.errorMessage !== 'object' ||
      !field.errorMessage.pattern
    ) {
      // the form (ajv-errors) would show the raw pattern otherwise
      problems.push('needs an errorMessage.pattern saying what is allowed');
    }
  }
  const atMost = (key: 'maxLength' | 'maximum') => {
    if (input[key] !== undefined && !(field[key]! <= input[key]!)) {
      problems.push(`must have ${key} ${input[key]} or less`);
    }
  };
  const atLeast = (key: 'minLength' | 'minimum') => {
    if (input[key] !== undefined && !(field[key]! >= input[key]!)) {
      problems.push(`must have ${key} ${input[key]} or more`);
    }
  };
  // an empty field that falls back to another value never reaches the input
  if (!fallback) atLeast('minLength');
  atMost('maxLength');
  atLeast('minimum');
  atMost('maximum');
  if (
    input.enum &&
    !(field.enum && field.enum.every(v => input.enum!.includes(v)))
  ) {
    problems.push(`must allow only ${JSON.stringify(input.enum)}`);
  }
  return problems;
}

/**
 * Form fields looser than an action input they feed: whatever the form lets
 * through must pass every action's own validation, so that no run fails half
 * way on a value the form accepted.
 */
export function looserParameters(
  template: TemplateDocument,
  inputsOf: (step: TemplateStep) => Record<string, InputRule> | undefined,
): string[] {
  const fields = parameterRules(template);
  const problems: string[] = [];
  for (const step of template.spec.steps) {
    const inputs = inputsOf(step);
    if (!inputs) continue;
    for (const [name, value] of Object.entries(step.input ?? {})) {
      const parameter = feedingParameter(value);
      if (!parameter || !fields[parameter.name] || !inputs[name]) continue;
      for (const problem of looseness(
        fields[parameter.name],
        inputs[name],
        parameter.fallback,
      )) {
        problems.push(
          `form field '${parameter.name}' feeds step '${step.id}' input ${name} and ${problem}`,
        );
      }
    }
  }
  return problems;
}
