import { ActionExample } from './exampleStep';

export const catalogRegisterExamples: ActionExample[] = [
  {
    description:
      "Register user2's SockShop, owned by the user running the template",
    input: { cluster: 'local', user: 'user2' },
  },
  {
    description: 'Register a namespace as a System owned by a team',
    input: {
      cluster: 'local',
      user: 'user1',
      namespace: 'user1-sockshop',
      system: 'sockshop',
      owner: 'group:default/sockshop-team',
    },
  },
];
