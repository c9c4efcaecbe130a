import { ActionExample } from './exampleStep';

export const waypointApplyExamples: ActionExample[] = [
  {
    description: "A waypoint for user1-sockshop's Services",
    input: { cluster: 'local', user: 'user1' },
  },
  {
    description: 'A waypoint of another name in another namespace',
    input: {
      cluster: 'local',
      user: 'user1',
      namespace: 'user1-sockshop',
      name: 'sockshop-waypoint',
      timeoutSeconds: 120,
    },
  },
];
