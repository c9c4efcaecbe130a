import { stepChecks } from './stepChecks';

describe("the preflight's check of servicemesh:canary:rollout", () => {
  const check = stepChecks['servicemesh:canary:rollout'];
  const input = {
    cluster: 'local',
    namespace: 'user1-sockshop',
    service: 'front-end',
    stableSubset: 'v1',
    canarySubset: 'v2',
    bakeSeconds: 60,
    interval: '1m',
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 500,
    minRequests: 20,
    failedChecksThreshold: 2,
  };
  // the plan's rules need no cluster
  const env = {} as any;

  it('accepts a plan the rules accept', async () => {
    expect(await check(input, env)).toEqual([]);
  });

  it("names the inputs the plan's rules refuse, by their path in the input", async () => {
    expect(
      await check({ ...input, steps: [25, 10], failedChecksThreshold: 0 }, env),
    ).toEqual([
      {
        path: ['steps'],
        kind: 'input',
        message: 'steps[1] must be greater than steps[0] (25)',
      },
      {
        path: ['failedChecksThreshold'],
        kind: 'input',
        message: 'must be a whole number, 1 or more, got 0',
      },
    ]);
  });

  it('leaves an input it cannot know before the run to the step', async () => {
    const { bakeSeconds: _unknown, ...rest } = input;
    expect(await check(rest, env)).toEqual([]);
  });
});
