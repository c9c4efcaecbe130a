import { ActionExample } from './exampleStep';

export const gatewayExposeExamples: ActionExample[] = [
  {
    description:
      "user1's front end through a Gateway API Gateway, with the Route to it",
    input: {
      cluster: 'local',
      user: 'user1',
      appsDomain: 'apps.sandbox.local',
      service: 'front-end',
    },
  },
  {
    description: 'Another Service and port, with names of its own',
    input: {
      cluster: 'local',
      user: 'user1',
      appsDomain: 'apps.sandbox.local',
      service: 'catalogue',
      servicePort: 80,
      gateway: 'catalogue-ingress',
      httpRoute: 'catalogue-public',
      route: 'catalogue-public',
    },
  },
];
