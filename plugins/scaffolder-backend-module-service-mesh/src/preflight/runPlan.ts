import { UNKNOWN, evaluate } from '../templates/expressions';
import {
  RenderedStep,
  TemplateDocument,
  renderSteps,
} from '../templates/templateSteps';

/** What a step of the run will get, as far as it is known before the run writes anything. */
export interface PlannedStep extends RenderedStep {
  /** The position of the step in the template. */
  index: number;
  /**
   * The part of an input's `${{ a or b }}` that gave its value (`b` when `a`
   * was empty), so that a message names the form field the value came from.
   */
  sourceOf(key: string): string | undefined;
}

/**
 * The steps of the run with their inputs rendered as the scaffolder will
 * render them: from the form's values and the signed-in user, and the outputs
 * of the steps whose outputs can be known before the run (`resolveOutput`,
 * e.g. the entity catalog:fetch will give). Other outputs stay unknown.
 */
export async function planRun(
  template: TemplateDocument,
  context: { parameters: Record<string, unknown>; user: unknown },
  resolveOutput: (
    step: PlannedStep,
  ) => Promise<Record<string, unknown> | undefined>,
): Promise<PlannedStep[]> {
  const outputs: Record<string, { output: Record<string, unknown> }> = {};
  const steps = new Proxy(outputs, {
    get: (target, key) =>
      typeof key === 'string' && key in target ? target[key] : UNKNOWN,
  });
  const sourceOf = (value: unknown) => {
    const whole = String(value).match(/^\s*\$\{\{([\s\S]*)\}\}\s*$/);
    if (!whole) return undefined;
    const operands = whole[1].split(/\s+or\s+/);
    const given = operands.find(o => {
      const v = evaluate(o, { ...context, steps });
      return v !== UNKNOWN && Boolean(v);
    });
    return `\${{ ${given ?? operands[operands.length - 1]} }}`;
  };
  const render = () =>
    renderSteps(template, { ...context, steps }).map((rendered, index) => ({
      ...rendered,
      index,
      sourceOf: (key: string) => sourceOf(rendered.step.input?.[key]),
    }));
  for (const [index, step] of template.spec.steps.entries()) {
    const planned = render()[index];
    if (!planned.runs) continue;
    const output = await resolveOutput(planned);
    if (output) outputs[step.id] = { output };
  }
  return render();
}
