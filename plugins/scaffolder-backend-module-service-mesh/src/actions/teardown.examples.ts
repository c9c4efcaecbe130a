import { ActionExample } from './exampleStep';

export const teardownExamples: ActionExample[] = [
  {
    description: "Undo user1's service mesh",
    input: { cluster: 'local', user: 'user1' },
  },
];
