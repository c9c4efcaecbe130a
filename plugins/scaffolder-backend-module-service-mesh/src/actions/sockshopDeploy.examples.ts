import { ActionExample } from './exampleStep';

export const sockshopDeployExamples: ActionExample[] = [
  {
    description:
      'Deploy SockShop for user3 from the manifests fetch:plain put in ./sockshop',
    input: { cluster: 'local', user: 'user3' },
  },
  {
    description: 'Use another folder and wait at most five minutes',
    input: {
      cluster: 'local',
      user: 'user3',
      manifests: 'manifests/sockshop',
      timeoutSeconds: 300,
    },
  },
];
