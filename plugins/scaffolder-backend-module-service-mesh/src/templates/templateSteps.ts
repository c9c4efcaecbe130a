import { loadAllYaml } from '@kubernetes/client-node';
import { render, UNKNOWN } from './expressions';

export interface TemplateStep {
  id: string;
  name?: string;
  action: string;
  if?: unknown;
  input?: Record<string, unknown>;
}

export interface TemplateDocument {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    parameters?: {
      properties?: Record<string, { default?: unknown }>;
      required?: string[];
    }[];
    steps: TemplateStep[];
    output?: unknown;
  };
}

export function parseTemplate(text: string): TemplateDocument {
  const documents = loadAllYaml(text);
  if (documents.length !== 1)
    throw new Error(`expected one document, found ${documents.length}`);
  return documents[0];
}

/** Every form field, with its default. */
export function parameterDefaults(
  template: TemplateDocument,
): Record<string, unknown> {
  return Object.fromEntries(
    (template.spec.parameters ?? []).flatMap(page =>
      Object.entries(page.properties ?? {}).map(([key, p]) => [key, p.default]),
    ),
  );
}

export interface RenderedStep {
  step: TemplateStep;
  /** The step runs (its `if` is true or unknown). */
  runs: boolean;
  input: Record<string, unknown>;
  /** Input fields whose value is only known during a run. */
  unknownFields: string[];
}

/** The steps with their inputs rendered from the given parameters and user. */
export function renderSteps(
  template: TemplateDocument,
  context: {
    parameters: Record<string, unknown>;
    user: unknown;
    steps?: Record<string, unknown>;
  },
): RenderedStep[] {
  const ctx = {
    ...context,
    steps: context.steps ?? new Proxy({}, { get: () => UNKNOWN }),
  };
  return template.spec.steps.map(step => {
    const condition = step.if === undefined ? true : render(step.if, ctx);
    const input: Record<string, unknown> = {};
    const unknownFields: string[] = [];
    for (const [key, value] of Object.entries(step.input ?? {})) {
      const rendered = render(value, ctx);
      if (rendered === UNKNOWN) unknownFields.push(key);
      else if (rendered !== undefined) input[key] = rendered;
    }
    return {
      step,
      runs: condition === UNKNOWN || Boolean(condition),
      input,
      unknownFields,
    };
  });
}
