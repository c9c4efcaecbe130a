import { expressionsIn, referencesIn } from './expressions';
import {
  TemplateDocument,
  parameterDefaults,
  renderSteps,
} from './templateSteps';

const PREFLIGHT = 'servicemesh:preflight';
const WHOLE_FORM = /^\s*\$\{\{\s*parameters\s*\}\}\s*$/;

/**
 * How a template keeps inputs from the preflight's check: a step of ours that
 * writes before a `servicemesh:preflight` given the whole form
 * (`parameters: ${{ parameters }}`), or a step input the preflight cannot
 * know before the run (made of an output of a step other than catalog:fetch,
 * whose entity the preflight looks up, or of an expression it cannot
 * evaluate), which would then be checked only when its step runs.
 */
export function preflightCoverage(template: TemplateDocument): string[] {
  const steps = template.spec.steps;
  const ours = steps.filter(
    s => s.action.startsWith('servicemesh:') && s.action !== PREFLIGHT,
  );
  if (ours.length === 0) return [];
  const problems: string[] = [];
  const preflightIndex = steps.findIndex(
    s => s.action === PREFLIGHT && WHOLE_FORM.test(String(s.input?.parameters)),
  );
  const firstOurs = steps.indexOf(ours[0]);
  if (preflightIndex < 0 || preflightIndex > firstOurs) {
    problems.push(
      `step '${ours[0].id}' runs before any ${PREFLIGHT} step with parameters: \${{ parameters }}, so its inputs are not checked before the run writes`,
    );
  }
  const fetched = new Set(
    steps.filter(s => s.action === 'catalog:fetch').map(s => s.id),
  );
  const rendered = renderSteps(template, {
    parameters: parameterDefaults(template),
    user: {
      entity: { metadata: { name: 'user1' } },
      ref: 'user:default/user1',
    },
  });
  for (const { step, unknownFields } of rendered) {
    if (!step.action.startsWith('servicemesh:')) continue;
    for (const field of unknownFields) {
      const references = expressionsIn(String(step.input?.[field])).flatMap(
        referencesIn,
      );
      const onlyFetched =
        references.length > 0 &&
        references.every(
          ([root, name]) =>
            root !== 'steps' || (fetched.has(name) && steps.indexOf(step) > 0),
        ) &&
        references.some(([root]) => root === 'steps');
      if (!onlyFetched) {
        problems.push(
          `step '${step.id}' input ${field} is made of what ${PREFLIGHT} cannot know before the run (another step's output or an expression it cannot evaluate), so it is checked only when its step runs`,
        );
      }
    }
  }
  return problems;
}
