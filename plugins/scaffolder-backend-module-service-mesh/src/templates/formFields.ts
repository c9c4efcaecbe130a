import { expressionsIn, referencesIn } from './expressions';
import { feedingParameter } from './parameterRules';
import { TemplateDocument, TemplateStep } from './templateSteps';

/** A form field of a template, as its messages name it. */
export interface FormField {
  name: string;
  title?: string;
  /** The form's own messages per JSON schema keyword (ajv-errors' errorMessage). */
  errorMessage?: Record<string, string>;
}

/** Every form field of the template by parameter name. */
export function formFields(
  template: TemplateDocument,
): Record<string, FormField> {
  const fields: Record<string, FormField> = {};
  for (const page of template.spec.parameters ?? []) {
    for (const [name, property] of Object.entries(page.properties ?? {})) {
      const p = property as { title?: unknown; errorMessage?: unknown };
      fields[name] = {
        name,
        title: typeof p.title === 'string' ? p.title : undefined,
        errorMessage:
          p.errorMessage && typeof p.errorMessage === 'object'
            ? (p.errorMessage as Record<string, string>)
            : undefined,
      };
    }
  }
  return fields;
}

/** `Ejection time (baseEjectionTime)`, as the form shows the field. */
export const fieldLabel = (field: FormField) =>
  field.title ? `${field.title} (${field.name})` : field.name;

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object')
    return Object.values(value).flatMap(stringsIn);
  return [];
}

/** The template's expression at a path of a step's input (or the nearest one above it). */
function valueAt(step: TemplateStep, path: (string | number)[]): unknown {
  let value: unknown = step.input ?? {};
  for (const part of path) {
    const next = (value as any)?.[part];
    if (next === undefined) return value;
    value = next;
  }
  return value;
}

/**
 * The form fields a step input is made of, read from the template's
 * expressions: `${{ parameters.x }}` is x; `${{ 100 - parameters.v2Weight }}`
 * is v2Weight; an input from another step's output (`steps.system.output...`)
 * is made of that step's input fields. `direct` when the input is the field
 * as it is (`${{ parameters.x }}`, `${{ parameters.x or ... }}`).
 */
export function feedingFields(
  template: TemplateDocument,
  step: TemplateStep,
  path: (string | number)[],
  seen: string[] = [],
): { names: string[]; direct: boolean } {
  const value = valueAt(step, path);
  const names: string[] = [];
  for (const expression of stringsIn(value).flatMap(expressionsIn)) {
    for (const [root, name] of referencesIn(expression)) {
      if (root === 'parameters' && name) names.push(name);
      if (root === 'steps' && name && !seen.includes(name)) {
        const source = template.spec.steps.find(s => s.id === name);
        if (source) {
          names.push(
            ...feedingFields(template, source, [], [...seen, step.id]).names,
          );
        }
      }
    }
  }
  return {
    names: [...new Set(names)],
    direct: feedingParameter(value) !== undefined,
  };
}
