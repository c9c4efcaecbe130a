import { inputSchemas } from '../actions/inputSchemas';
import { expressionsIn, referencesIn } from './expressions';
import { InputRule, looserParameters } from './parameterRules';
import { preflightCoverage } from './preflightCoverage';
import {
  TemplateDocument,
  parameterDefaults,
  parseTemplate,
  renderSteps,
} from './templateSteps';

/** The scaffolder's own actions the templates may use besides ours. */
const BUILTIN_ACTIONS = new Set([
  'catalog:fetch',
  'catalog:register',
  'catalog:write',
  'debug:log',
  'fetch:plain',
  'fetch:plain:file',
  'fetch:template',
  'fetch:template:file',
]);

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object')
    return Object.values(value).flatMap(stringsIn);
  return [];
}

function referenceProblems(
  template: TemplateDocument,
  outputs: Record<string, string[]>,
): string[] {
  const parameters = new Set(Object.keys(parameterDefaults(template)));
  const problems: string[] = [];
  const seen: string[] = [];
  const check = (where: string, value: unknown, stepsBefore: string[]) => {
    for (const expression of stringsIn(value).flatMap(expressionsIn)) {
      for (const [root, name, section, field] of referencesIn(expression)) {
        // `${{ parameters }}` is the whole form
        if (root === 'parameters' && name && !parameters.has(name)) {
          problems.push(
            `${where} refers to parameter '${name}', which no form field defines`,
          );
        }
        if (root === 'steps') {
          const step = template.spec.steps.find(s => s.id === name);
          if (!stepsBefore.includes(name)) {
            problems.push(
              `${where} refers to step '${name}', which does not run before it`,
            );
          } else if (
            section === 'output' &&
            step &&
            outputs[step.action] &&
            !outputs[step.action].includes(field)
          ) {
            problems.push(
              `${where} refers to output '${field}' of step '${name}', which ${step.action} does not give`,
            );
          }
        }
      }
    }
  };
  for (const step of template.spec.steps) {
    check(`step '${step.id}'`, { if: step.if, input: step.input }, [...seen]);
    seen.push(step.id);
  }
  check('output', template.spec.output, seen);
  return problems;
}

/**
 * What is wrong with a template: parse errors, unknown actions, references to
 * parameters or step outputs that do not exist, form fields looser than the
 * action inputs they feed, and inputs (rendered with the form's defaults) that
 * do not fit the action's schema.
 */
export function checkTemplate(
  text: string,
  installed: {
    id: string;
    outputs: string[];
    inputs?: Record<string, InputRule>;
  }[],
): string[] {
  let template: TemplateDocument;
  try {
    template = parseTemplate(text);
  } catch (error) {
    return [`does not parse: ${(error as Error).message.split('\n')[0]}`];
  }
  if (template?.kind !== 'Template' || !Array.isArray(template.spec?.steps)) {
    return ['is not a scaffolder Template with steps'];
  }
  const outputs = Object.fromEntries(installed.map(a => [a.id, a.outputs]));
  const problems: string[] = [];
  for (const step of template.spec.steps) {
    if (!outputs[step.action] && !BUILTIN_ACTIONS.has(step.action)) {
      problems.push(
        `step '${step.id}' uses action '${step.action}', which is not installed`,
      );
    }
  }
  problems.push(...referenceProblems(template, outputs));
  problems.push(...preflightCoverage(template));
  const inputs = Object.fromEntries(installed.map(a => [a.id, a.inputs]));
  problems.push(...looserParameters(template, step => inputs[step.action]));
  const rendered = renderSteps(template, {
    parameters: parameterDefaults(template),
    user: { entity: { metadata: { name: 'user1' } } },
  });
  for (const { step, input, unknownFields } of rendered) {
    const schema = inputSchemas[step.action];
    if (!schema) continue;
    const result = schema
      .omit(Object.fromEntries(unknownFields.map(f => [f, true])))
      .strict()
      .safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push(
          `step '${step.id}' input ${
            issue.path.join('.') || ((issue as any).keys ?? []).join(', ')
          }: ${issue.message}`,
        );
      }
    }
  }
  return problems;
}
