import { ActionExample } from './exampleStep';

export const catalogUnregisterExamples: ActionExample[] = [
  {
    description: "Remove user2's SockShop from the catalog",
    input: { cluster: 'local', user: 'user2' },
  },
];
