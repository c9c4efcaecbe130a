import { ActionExample } from './exampleStep';

export const preflightExamples: ActionExample[] = [
  {
    description: 'Check the cluster and the operators',
    input: { cluster: 'local' },
  },
  {
    description:
      "Also check that the credentials may write the user's namespaces",
    input: { cluster: 'local', user: 'user1' },
  },
];
