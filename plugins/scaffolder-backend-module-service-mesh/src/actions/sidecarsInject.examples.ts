import { ActionExample } from './exampleStep';

export const sidecarsInjectExamples: ActionExample[] = [
  {
    description: "Inject sidecars into every Deployment of user1's SockShop",
    input: { cluster: 'local', user: 'user1' },
  },
  {
    description: 'Inject sidecars into two Deployments only',
    input: {
      cluster: 'local',
      user: 'user1',
      deployments: ['front-end', 'carts'],
      timeoutSeconds: 300,
    },
  },
];
