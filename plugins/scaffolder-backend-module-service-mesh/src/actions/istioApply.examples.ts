import { ActionExample } from './exampleStep';

export const istioApplyExamples: ActionExample[] = [
  {
    description:
      "user1's OSSM 3 control plane: an Istio named user1 in user1-istio-system (InPlace)",
    input: { cluster: 'local', user: 'user1' },
  },
  {
    description:
      'A revision per Istio version, with the IstioCNI, for sidecars on OpenShift',
    input: {
      cluster: 'local',
      user: 'user2',
      version: 'v1.30.3',
      updateStrategy: 'RevisionBased',
      cni: true,
    },
  },
  {
    description:
      'The ambient data plane: the openshift-ambient profile, IstioCNI and ZTunnel',
    input: { cluster: 'local', user: 'user3', dataplane: 'ambient' },
  },
];
