import { ActionExample } from './exampleStep';

export const canaryDeployExamples: ActionExample[] = [
  {
    description:
      "The guide's canary: the yellow front end for 20% of the traffic",
    input: { cluster: 'local', user: 'user1' },
  },
  {
    description: 'Another image, half of the traffic',
    input: {
      cluster: 'local',
      user: 'user1',
      image: 'quay.io/example/front-end:v2',
      weights: { v1: 50, v2: 50 },
    },
  },
];
