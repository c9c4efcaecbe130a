import { mockCredentials } from '@backstage/backend-test-utils';
import { runGuide } from '../__testUtils__/guide';
import { startTestCluster, TestCluster } from '../__testUtils__/testCluster';
import { parseTemplate } from '../templates/templateSteps';
import { describeProblems } from './problems';
import { validateRun } from './validateRun';

/** servicemesh:preflight's checks of a run with a canary rollout step, on the local cluster. */
describe('the preflight of a canary rollout', () => {
  let cluster: TestCluster;
  const template = parseTemplate(`
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: rollout}
spec:
  owner: group:sockshop-team
  type: service
  parameters:
    - properties:
        cluster: {title: Cluster, type: string, default: local}
        steps: {title: Canary weights, type: array, items: {type: number}, default: [10, 25, 50]}
        threshold: {title: Failed checks, type: number, default: 2}
  steps:
    - id: preflight
      action: servicemesh:preflight
      input:
        cluster: \${{ parameters.cluster }}
        parameters: \${{ parameters }}
    - id: rollout
      action: servicemesh:canary:rollout
      input:
        cluster: \${{ parameters.cluster }}
        namespace: user1-sockshop
        service: front-end
        stableSubset: v1
        canarySubset: v2
        steps: \${{ parameters.steps }}
        failedChecksThreshold: \${{ parameters.threshold }}
`);
  const validate = (parameters: Record<string, unknown>) =>
    validateRun(
      {
        template,
        parameters: {
          cluster: 'local',
          steps: [10, 25, 50],
          threshold: 2,
          ...parameters,
        },
        user: { ref: 'user:default/guest' },
        credentials: mockCredentials.user('user:default/guest'),
        workspacePath: '/nonexistent',
      },
      cluster,
    );

  beforeAll(async () => {
    cluster = await startTestCluster();
    await runGuide(cluster.config, {});
    await cluster.sandbox.settle();
  });
  afterAll(() => cluster.stop());

  it("finds nothing wrong with a plan the rules accept, the portal's account allowed its reads and writes", async () => {
    expect((await validate({})).problems).toEqual([]);
  });

  it("names the form fields of the plan's problems", async () => {
    const { problems } = await validate({ steps: [25, 10], threshold: 0 });
    expect(describeProblems(template, problems)).toEqual([
      'Canary weights (steps): steps[1] must be greater than steps[0] (25)',
      'Failed checks (threshold): must be a whole number, 1 or more, got 0',
    ]);
  });

  it('names the permissions the read-only account lacks', async () => {
    const { problems } = await validate({ cluster: 'read-only' });
    expect(describeProblems(template, problems)).toEqual([
      "the portal's service account may not patch virtualservices.networking.istio.io in user1-sockshop",
    ]);
  });
});
