import { K8sObject } from '../k8s/types';
import { memberOfLabel } from './meshLabels';

/** The NetworkPolicies Maistra puts in every member namespace. */
export const memberPolicyNames = ['istio-mesh', 'istio-expose-route'];

export function memberNetworkPolicies(
  namespace: string,
  controlPlaneNamespace: string,
  chartVersion: string,
): K8sObject[] {
  const labels = {
    [memberOfLabel]: controlPlaneNamespace,
    'maistra-version': chartVersion,
    app: 'istio',
    release: 'istio',
  };
  return [
    {
      metadata: {
        name: 'istio-mesh',
        namespace,
        labels,
        annotations: {
          'maistra.io/mesh-generation': chartVersion,
        },
      },
      spec: {
        // Every pod: only namespaces of the same mesh (its control plane included) may connect.
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: { [memberOfLabel]: controlPlaneNamespace },
                },
              },
            ],
          },
        ],
        policyTypes: ['Ingress'],
      },
    },
    {
      metadata: {
        name: 'istio-expose-route',
        namespace,
        labels,
        annotations: {
          'maistra.io/mesh-generation': chartVersion,
        },
      },
      spec: {
        // Pods that opt in stay reachable from the OpenShift router.
        podSelector: { matchLabels: { 'maistra.io/expose-route': 'true' } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: {
                    'network.openshift.io/policy-group': 'ingress',
                  },
                },
              },
            ],
          },
        ],
        policyTypes: ['Ingress'],
      },
    },
  ];
}
