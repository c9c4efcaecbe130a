import { ActionExample } from './exampleStep';

export const membersLabelExamples: ActionExample[] = [
  {
    description:
      "user1-sockshop into user1's Istio, sidecars injected by its revision (istio.io/rev)",
    input: { cluster: 'local', user: 'user1' },
  },
  {
    description:
      "istio-injection=enabled, with the cluster's default revision tag pointing at the Istio",
    input: { cluster: 'local', user: 'user1', injection: 'default-tag' },
  },
  {
    description: 'The ambient data plane (istio.io/dataplane-mode=ambient)',
    input: { cluster: 'local', user: 'user1', dataplane: 'ambient' },
  },
];
