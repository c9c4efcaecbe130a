import { ActionExample } from './exampleStep';

export const membersAddExamples: ActionExample[] = [
  {
    description: "Add user1's SockShop namespace to user1's mesh",
    input: { cluster: 'local', user: 'user1' },
  },
  {
    description: 'Add two namespaces and wait at most two minutes',
    input: {
      cluster: 'local',
      user: 'user1',
      members: ['user1-sockshop', 'user1-tools'],
      timeoutSeconds: 120,
    },
  },
];
