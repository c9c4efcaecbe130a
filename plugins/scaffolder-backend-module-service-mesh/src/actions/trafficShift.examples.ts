import { ActionExample } from './exampleStep';

export const trafficShiftExamples: ActionExample[] = [
  {
    description: 'Send half of the traffic to v2',
    input: {
      cluster: 'local',
      namespace: 'user1-sockshop',
      weights: { v1: 50, v2: 50 },
    },
  },
  {
    description: 'Promote v2',
    input: {
      cluster: 'local',
      namespace: 'user1-sockshop',
      virtualService: 'front-end-virtualservice',
      weights: { v1: 0, v2: 100 },
    },
  },
];
