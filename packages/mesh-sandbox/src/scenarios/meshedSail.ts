import { kinds } from '../client/kinds';
import { conditionOf } from '../operators/objects';
import { revisionLabel } from '../operators/sail/sailNames';
import { createGatewayApiIngress } from './gatewayApiIngress';
import { versionedSockshop } from './meshed';
import { discoveryLabel, userIstio } from './sailMeshObjects';
import { Scenario, createAll, userNames, whenReady } from './seeding';
import { SockshopOptions } from './sockshop';

/**
 * The guide done the OSSM 3 (Sail) way, per user: an `Istio` whose istiod
 * runs in `userN-istio-system` and discovers only the user's namespaces, the
 * SockShop namespace labelled for that revision (no member roll, no pod
 * annotations), the ingress as a Gateway API Gateway with an 80/20 HTTPRoute
 * over front-end-v1/front-end-v2, carts' circuit breaker as a DestinationRule
 * and an explicit Route to the Gateway's Service. Workloads are created once
 * the revision is Ready, so their pods are injected.
 */
export function meshedSailScenario(options: SockshopOptions = {}): Scenario {
  return async context => {
    const { appsDomain } = context.settings;
    const { cache } = context;
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
              labels: { [discoveryLabel]: user, [revisionLabel]: user },
            },
          },
        ]);
        await createAll(context, kinds.istios, [userIstio(user, controlPlane)]);
        await createGatewayApiIngress(context, sockshop, appsDomain);
        whenReady(
          context,
          `scenario/meshed-sail/${sockshop}`,
          () =>
            conditionOf(
              cache.get('sailoperator.io', 'istiorevisions', undefined, user),
              'Ready',
            )?.status === 'True',
          () => versionedSockshop(context, sockshop, {}),
        );
      }),
    );
  };
}
