import { ActionExample } from './exampleStep';

export const circuitBreakerExamples: ActionExample[] = [
  {
    description: 'Eject carts pods after five errors in a row',
    input: { cluster: 'local', user: 'user1' },
  },
  {
    description: 'A strict breaker with a connection pool on catalogue',
    input: {
      cluster: 'local',
      user: 'user1',
      service: 'catalogue',
      consecutive5xxErrors: 1,
      interval: '1s',
      baseEjectionTime: '3m',
      maxConnections: 1,
      http1MaxPendingRequests: 1,
    },
  },
];
