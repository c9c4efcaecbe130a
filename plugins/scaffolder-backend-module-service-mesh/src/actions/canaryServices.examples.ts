import { ActionExample } from './exampleStep';

export const canaryServicesExamples: ActionExample[] = [
  {
    description:
      "front-end v2 beside v1 in user1's SockShop, 80/20 over front-end-v1 and front-end-v2",
    input: {
      cluster: 'local',
      user: 'user1',
      service: 'front-end',
      image: 'mosuke5/front-end:master-49c0d1f',
    },
  },
  {
    description: 'Half the traffic to v2, on an HTTPRoute of another name',
    input: {
      cluster: 'local',
      user: 'user1',
      service: 'front-end',
      image: 'mosuke5/front-end:master-49c0d1f',
      weights: { v1: 50, v2: 50 },
      httpRoute: 'front-end-public',
    },
  },
];
