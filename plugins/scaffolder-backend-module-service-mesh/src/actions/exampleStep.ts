import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** An example as data, so the examples test can run its input. */
export interface ActionExample {
  description: string;
  input: Record<string, unknown>;
}

function yamlValue(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map(item => `\n${indent}- ${JSON.stringify(item)}`).join('');
  }
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, v]) => `\n${indent}${key}:${yamlValue(v, `${indent}  `)}`)
      .join('');
  }
  return ` ${JSON.stringify(value)}`;
}

/** The template step an example shows on the installed-actions page. */
export function toTemplateExamples(
  action: string,
  examples: ActionExample[],
): TemplateExample[] {
  return examples.map(({ description, input }) => ({
    description,
    example: `steps:\n  - id: ${action
      .split(':')
      .pop()}\n    name: ${JSON.stringify(
      description,
    )}\n    action: ${action}\n    input:${yamlValue(input, '      ')}\n`,
  }));
}
