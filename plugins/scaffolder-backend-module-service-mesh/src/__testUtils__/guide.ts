import { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { createServiceMeshActions } from '../actions';
import { templatesDir } from '../templates/installedActions';
import {
  parameterDefaults,
  parseTemplate,
  renderSteps,
} from '../templates/templateSteps';
import { runAction } from './runAction';
import { allowingAuthorizer } from './authorizer';

export const APPS_DOMAIN = 'apps.sandbox.local';

const templateDir = path.join(templatesDir, 'sockshop-service-mesh');
const template = () =>
  parseTemplate(
    fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
  );

/**
 * Runs the steps of templates/sockshop-service-mesh as the scaffolder would:
 * in order, inputs rendered from the form's defaults, the signed-in user and
 * earlier steps' outputs. `steps` picks step ids (default all).
 */
export async function runGuide(
  config: Config,
  options: {
    steps?: string[];
    dryRun?: boolean;
    user?: string;
    parameters?: Record<string, unknown>;
  } = {},
): Promise<string> {
  const doc = template();
  const actions = createServiceMeshActions({
    config,
    authorizer: allowingAuthorizer(),
  });
  const parameters = { ...parameterDefaults(doc), ...options.parameters };
  const user = { entity: { metadata: { name: options.user ?? 'user1' } } };
  const steps: Record<string, { output: Record<string, unknown> }> = {};
  const logs: string[] = [];
  for (const [index, step] of doc.spec.steps.entries()) {
    if (options.steps && !options.steps.includes(step.id)) continue;
    const rendered = renderSteps(doc, { parameters, user, steps })[index];
    if (!rendered.runs) continue;
    // fetch:plain copies the template folder's files; the workspace is that folder here
    if (step.action === 'fetch:plain') continue;
    // catalog steps need a catalog: packages/backend runs the template through the real scaffolder
    if (step.action.startsWith('servicemesh:catalog:')) continue;
    const action = actions.find(a => a.id === step.action);
    if (!action) throw new Error(`step ${step.id}: no action ${step.action}`);
    const result = await runAction(action, rendered.input, {
      dryRun: options.dryRun,
      workspacePath: templateDir,
    });
    steps[step.id] = { output: result.outputs };
    logs.push(result.log);
  }
  return logs.join('\n');
}
