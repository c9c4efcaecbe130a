import fs from 'node:fs';
import path from 'node:path';
import { allowingAuthorizer } from '../__testUtils__/authorizer';
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
  const installed = installedActions(allowingAuthorizer());
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
  const installed = installedActions(allowingAuthorizer());
  const strictUserId = `userId: {type: string, maxLength: 49, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', errorMessage: {pattern: 'lowercase'}}`;
  const strictCluster = 'cluster: {type: string, minLength: 1, default: local}';
  const preflight = `    - id: preflight
      action: servicemesh:preflight
      input:
        cluster: \${{ parameters.cluster }}
        parameters: \${{ parameters }}`;
  const template = (
    steps: string,
    parameters = `${strictUserId}\n        ${strictCluster}`,
    first = preflight,
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
${first}
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
          `${strictUserId}\n        ${strictCluster}\n        smcp: {type: string, default: v9}`,
        ),
        installed,
      ),
    ).toEqual([
      `form field 'smcp' feeds step 'cp' input version and must allow only ["v1","v2"]`,
      "step 'cp' input version: Invalid enum value. Expected 'v1' | 'v2', received 'v9'",
      "step 'cp' input timeout: Unrecognized key(s) in object: 'timeout'",
    ]);
  });

  it('fails a form field looser than the action input it feeds, so that no run fails half way on a value the form accepted', () => {
    const cb = `    - id: cb
      action: servicemesh:circuitbreaker:apply
      input:
        cluster: \${{ parameters.cluster }}
        user: \${{ parameters.userId or user.entity.metadata.name }}
        service: \${{ parameters.service }}
        consecutive5xxErrors: \${{ parameters.errors }}
        baseEjectionTime: \${{ parameters.ejection }}`;
    const loose = `${strictUserId}
        ${strictCluster}
        service: {type: string, default: carts}
        errors: {type: number, minimum: 1, default: 5}
        ejection: {type: string, pattern: '^[1-9][0-9]*(ms|s|m|h)$', default: 30s}`;
    expect(checkTemplate(template(`${cp}\n${cb}`, loose), installed)).toEqual([
      "form field 'service' feeds step 'cb' input service and must have the pattern \"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$\"",
      "form field 'service' feeds step 'cb' input service and must have minLength 1 or more",
      "form field 'service' feeds step 'cb' input service and must have maxLength 63 or less",
      "form field 'errors' feeds step 'cb' input consecutive5xxErrors and must be of type integer",
      "form field 'errors' feeds step 'cb' input consecutive5xxErrors and must have maximum 1000 or less",
      "form field 'ejection' feeds step 'cb' input baseEjectionTime and needs an errorMessage.pattern saying what is allowed",
    ]);
  });

  it('fails a template whose steps write before a preflight of the whole form', () => {
    expect(checkTemplate(template(cp, undefined, ''), installed)).toEqual([
      "step 'cp' runs before any servicemesh:preflight step with parameters: ${{ parameters }}, so its inputs are not checked before the run writes",
    ]);
    expect(
      checkTemplate(
        template(cp, undefined, preflight.replace(/\n.*parameters: .*$/, '')),
        installed,
      ),
    ).toEqual([
      "step 'cp' runs before any servicemesh:preflight step with parameters: ${{ parameters }}, so its inputs are not checked before the run writes",
    ]);
  });

  it('fails a step input the preflight cannot know before the run', () => {
    const cb = `    - id: cb
      action: servicemesh:circuitbreaker:apply
      input:
        cluster: \${{ parameters.cluster }}
        user: \${{ parameters.userId or user.entity.metadata.name }}
        service: \${{ steps.cp.output.name }}`;
    expect(checkTemplate(template(`${cp}\n${cb}`), installed)).toEqual([
      "step 'cb' input service is made of what servicemesh:preflight cannot know before the run (another step's output or an expression it cannot evaluate), so it is checked only when its step runs",
    ]);
  });
});
