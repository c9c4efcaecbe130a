import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ClusterError } from '../cluster/errors';
import { expressionsIn, referencesIn } from '../templates/expressions';
import {
  FormField,
  feedingFields,
  fieldLabel,
  formFields,
} from '../templates/formFields';
import { TemplateDocument, TemplateStep } from '../templates/templateSteps';

/** Something the preflight found wrong with a run, before any of it ran. */
export interface Problem {
  /** The step whose input is wrong; none for the run as a whole. */
  step?: TemplateStep;
  /** The path in the step's input (empty: the step as a whole). */
  path?: (string | number)[];
  message: string;
  /**
   * `input`: a value the form should not have accepted; `notFound`: it names
   * what does not exist; `refused`: the one authorization rule refuses the
   * user what the run writes; `access`: the portal's cluster credentials lack
   * a permission the run needs.
   */
  kind: 'input' | 'notFound' | 'refused' | 'access';
  /** The JSON schema keyword the value breaks, for the form's own message. */
  keyword?: string;
  /** The expression the value came from, when not the whole input's (see PlannedStep.sourceOf). */
  source?: string;
}

/** The form fields in a step's `if`, for a problem with the step as a whole. */
function fieldsOfCondition(step: TemplateStep): string[] {
  if (typeof step.if !== 'string') return [];
  return expressionsIn(step.if)
    .flatMap(referencesIn)
    .filter(([root, name]) => root === 'parameters' && name)
    .map(([, name]) => name);
}

interface Sentence {
  field?: FormField;
  /** About what the field's value became (weights.v1 = 100 - v2Weight), not about the value entered. */
  derived: boolean;
  text: string;
}

function sentenceOf(
  template: TemplateDocument,
  fields: Record<string, FormField>,
  problem: Problem,
): Sentence {
  if (!problem.step) return { derived: false, text: problem.message };
  const path = problem.path ?? [];
  let feeding = { names: [] as string[], direct: false };
  if (problem.source) {
    feeding = feedingFields(
      template,
      { ...problem.step, input: { source: problem.source } },
      ['source'],
    );
  }
  if (feeding.names.length === 0 && path.length > 0) {
    // e.g. the sign-in name an empty user id falls back to: the field is still the user id
    feeding = feedingFields(template, problem.step, path);
  }
  const names =
    feeding.names.length > 0 ? feeding.names : fieldsOfCondition(problem.step);
  const field = names.map(n => fields[n]).find(Boolean);
  if (!field) {
    // a value written in the template itself: its author must fix it
    const where = path.length > 0 ? ` input ${path.join('.')}` : '';
    return {
      derived: false,
      text: `step '${problem.step.id}'${where}: ${problem.message}`,
    };
  }
  const own = problem.keyword && field.errorMessage?.[problem.keyword];
  const message = own && feeding.direct ? own : problem.message;
  // "got -20" says nothing about a field that was 120
  const derived = !feeding.direct && /, got .*$/.test(message);
  const text = derived ? message.replace(/, got .*$/, '') : message;
  return { field, derived, text: `${fieldLabel(field)}: ${text}` };
}

/**
 * One sentence per problem, naming the form field (its title and parameter
 * name) the value came from, with the form's own message when it has one;
 * of a field's problems, those about the value as it was entered.
 */
export function describeProblems(
  template: TemplateDocument,
  problems: Problem[],
): string[] {
  const fields = formFields(template);
  const sentences = problems.map(p => sentenceOf(template, fields, p));
  const byField = new Map<string, Sentence[]>();
  const texts: string[] = [];
  for (const sentence of sentences) {
    if (!sentence.field) {
      if (!texts.includes(sentence.text)) texts.push(sentence.text);
      continue;
    }
    const known = byField.get(sentence.field.name) ?? [];
    if (!known.some(k => k.text === sentence.text)) known.push(sentence);
    byField.set(sentence.field.name, known);
  }
  // what the value became is told only when nothing is told about the value entered
  const told = (name: string) => {
    const all = byField.get(name)!;
    const entered = all.filter(s => !s.derived);
    return (entered.length > 0 ? entered : all.slice(0, 1)).map(s => s.text);
  };
  const fieldOrder = Object.keys(fields).filter(name => byField.has(name));
  return [...fieldOrder.flatMap(told), ...texts];
}

/**
 * The error a run with these problems fails with: an InputError (400) when a
 * value is wrong, a NotFoundError (404) when values only name what does not
 * exist, a NotAllowedError (403) when the user may not write it, a
 * ClusterError when only the cluster credentials lack permissions.
 */
export function problemsError(problems: Problem[], sentences: string[]): Error {
  const message = `The run would fail, so nothing was written: ${
    sentences.length === 1 ? '' : `${sentences.length} problems: `
  }${sentences.join('; ')}`;
  if (problems.some(p => p.kind === 'input')) return new InputError(message);
  if (problems.some(p => p.kind === 'notFound'))
    return new NotFoundError(message);
  if (problems.some(p => p.kind === 'refused'))
    return new NotAllowedError(message);
  return new ClusterError(message, 403);
}
