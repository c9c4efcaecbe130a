import { kinds } from '../client/kinds';
import { dataplaneModeLabel } from '../operators/sail/sailNames';
import { K8sObject } from '../k8s/types';
import { createGatewayApiIngress } from './gatewayApiIngress';
import { versionedSockshop } from './meshed';
import { discoveryLabel, userIstio } from './sailMeshObjects';
import { Scenario, createAll, userNames } from './seeding';
import { SockshopOptions } from './sockshop';

/** ztunnel and the CNI agent are per node, so one each for the cluster (both must be named `default`). */
const nodeAgents = (version: string): [K8sObject, K8sObject] => [
  { metadata: { name: 'default' }, spec: { namespace: 'istio-cni', version } },
  { metadata: { name: 'default' }, spec: { namespace: 'ztunnel', version } },
];

/**
 * meshed-sail in ambient mode: the cluster's IstioCNI and ZTunnel, per user an
 * `Istio` with the `openshift-ambient` profile and the SockShop namespace
 * labelled `istio.io/dataplane-mode=ambient` (no sidecars; ztunnel carries it
 * at L4), with the same Gateway API ingress, 80/20 HTTPRoute and Route. No
 * waypoint: carts' DestinationRule is there as the guide has it, but only a
 * waypoint would apply it.
 */
export function meshedAmbientScenario(options: SockshopOptions = {}): Scenario {
  return async context => {
    const { appsDomain } = context.settings;
    await createAll(context, kinds.namespaces, [
      { metadata: { name: 'istio-cni' } },
      { metadata: { name: 'ztunnel' } },
    ]);
    const [cni, ztunnel] = nodeAgents('v1.30.3');
    await createAll(context, kinds.istioCNIs, [cni]);
    await createAll(context, kinds.ztunnels, [ztunnel]);
    await Promise.all(
      userNames(options.users ?? 2).map(async user => {
        const controlPlane = `${user}-istio-system`;
        const sockshop = `${user}-sockshop`;
        await createAll(context, kinds.namespaces, [
          {
            metadata: {
              name: controlPlane,
              labels: { [discoveryLabel]: user },
            },
          },
          {
            metadata: {
              name: sockshop,
              labels: {
                [discoveryLabel]: user,
                [dataplaneModeLabel]: 'ambient',
              },
            },
          },
        ]);
        await createAll(context, kinds.istios, [
          userIstio(user, controlPlane, 'openshift-ambient'),
        ]);
        await createGatewayApiIngress(context, sockshop, appsDomain);
        await versionedSockshop(context, sockshop, {});
      }),
    );
  };
}
