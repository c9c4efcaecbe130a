import { ActionExample } from './exampleStep';

export const canaryRolloutExamples: ActionExample[] = [
  {
    description: 'Roll v2 out at 10, 25 and 50 % while its checks pass',
    input: {
      cluster: 'local',
      namespace: 'user1-sockshop',
      service: 'front-end',
      stableSubset: 'v1',
      canarySubset: 'v2',
    },
  },
  {
    description:
      'Roll v2 out in steps of 20 % with stricter checks, and wait until it is promoted',
    input: {
      cluster: 'local',
      namespace: 'user1-sockshop',
      service: 'front-end',
      stableSubset: 'v1',
      canarySubset: 'v2',
      stepWeight: 20,
      maxWeight: 80,
      bakeSeconds: 120,
      interval: '30s',
      minSuccessRatePercent: 99.5,
      maxP99LatencyMs: 300,
      waitForOutcome: true,
      timeoutSeconds: 3600,
    },
  },
];
