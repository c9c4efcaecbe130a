import fs from 'node:fs';
import path from 'node:path';
import { checkTemplate } from './checkTemplate';
import {
  installedActions,
  templateFiles,
  templatesDir,
} from './installedActions';

/**
 * `yarn templates:check`: every template of the repository parses, uses only
 * installed actions, refers only to parameters and step outputs that exist,
 * and passes its actions inputs (with the form's defaults) that fit their schemas.
 */
describe('templates:check', () => {
  const installed = installedActions();
  const files = templateFiles();

  it('finds the three SockShop templates', () => {
    expect(files.map(f => path.basename(path.dirname(f))).sort()).toEqual([
      'sockshop-mesh-teardown',
      'sockshop-service-mesh',
      'sockshop-traffic-shift',
    ]);
  });

  it.each(files.map(f => [path.relative(templatesDir, f), f]))(
    '%s has no problems',
    (_name, file) => {
      expect(checkTemplate(fs.readFileSync(file, 'utf8'), installed)).toEqual(
        [],
      );
    },
  );
});

describe('the check itself', () => {
  const installed = installedActions();
  const template = (
    steps: string,
    parameters = 'userId: {type: string}\n        cluster: {type: string, default: local}',
  ) => `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: t}
spec:
  owner: group:sockshop-team
  type: service
  parameters:
    - properties:
        ${parameters}
  steps:
${steps}
  output:
    links:
      - url: \${{ steps.cp.output.kialiUrl }}
`;
  const cp = `    - id: cp
      action: servicemesh:controlplane:apply
      input:
        cluster: \${{ parameters.cluster }}
        user: \${{ parameters.userId or user.entity.metadata.name }}`;

  it('accepts a correct template', () => {
    expect(checkTemplate(template(cp), installed)).toEqual([]);
  });

  it('reports YAML that does not parse', () => {
    expect(checkTemplate('kind: [Template', installed)[0]).toMatch(
      /^does not parse/,
    );
  });

  it('reports an action that is not installed', () => {
    expect(
      checkTemplate(
        template(`${cp}\n    - id: x\n      action: kube:apply`),
        installed,
      ),
    ).toEqual(["step 'x' uses action 'kube:apply', which is not installed"]);
  });

  it('reports a parameter no form field defines', () => {
    expect(
      checkTemplate(
        template(cp.replace('parameters.cluster', 'parameters.clusterName')),
        installed,
      ),
    ).toEqual([
      "step 'cp' refers to parameter 'clusterName', which no form field defines",
      "step 'cp' input cluster: Required",
    ]);
  });

  it('reports an output the action does not give, and steps used before they run', () => {
    const problems = checkTemplate(
      template(
        `    - id: early\n      action: debug:log\n      input: {message: '\${{ steps.cp.output.name }}'}\n${cp.replace(
          'kialiUrl',
          'x',
        )}`,
      ),
      installed,
    );
    expect(problems).toEqual([
      "step 'early' refers to step 'cp', which does not run before it",
    ]);
    expect(
      checkTemplate(
        template(cp).replace('output.kialiUrl', 'output.kiali'),
        installed,
      ),
    ).toEqual([
      "output refers to output 'kiali' of step 'cp', which servicemesh:controlplane:apply does not give",
    ]);
  });

  it('reports inputs that do not fit the schema, with the defaults of the form', () => {
    expect(
      checkTemplate(
        template(
          `${cp}\n        timeout: 5\n        version: \${{ parameters.smcp }}`,
          'userId: {type: string}\n        cluster: {type: string, default: local}\n        smcp: {type: string, default: v9}',
        ),
        installed,
      ),
    ).toEqual([
      "step 'cp' input version: Invalid enum value. Expected 'v1' | 'v2', received 'v9'",
      "step 'cp' input timeout: Unrecognized key(s) in object: 'timeout'",
    ]);
  });
});
