import { ActionExample } from './exampleStep';

export const ingressExposeExamples: ActionExample[] = [
  {
    description: "Expose user1's SockShop through the mesh ingress gateway",
    input: {
      cluster: 'local',
      user: 'user1',
      appsDomain: 'apps.sandbox.local',
    },
  },
  {
    description: 'Use another Gateway name',
    input: {
      cluster: 'local',
      user: 'user2',
      appsDomain: 'apps.cluster.example.com',
      gateway: 'user2-gateway',
    },
  },
];
