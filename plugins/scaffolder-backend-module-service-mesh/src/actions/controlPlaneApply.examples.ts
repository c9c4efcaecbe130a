import { ActionExample } from './exampleStep';

export const controlPlaneExamples: ActionExample[] = [
  {
    description: "The guide's control plane for user1 (v1 spec, mTLS off)",
    input: { cluster: 'local', user: 'user1' },
  },
  {
    description:
      'An OSSM 2 control plane with mTLS, waiting at most 15 minutes',
    input: {
      cluster: 'local',
      user: 'user2',
      version: 'v2',
      name: 'basic',
      mtls: true,
      timeoutSeconds: 900,
    },
  },
];
