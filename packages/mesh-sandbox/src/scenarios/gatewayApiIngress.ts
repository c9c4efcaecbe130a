import { kinds } from '../client/kinds';
import { SandboxContext } from '../context';
import { destinationRules } from './guideMeshObjects';
import {
  frontEndGateway,
  frontEndHttpRoute,
  frontEndVersionService,
  gatewayServiceRoute,
} from './sailMeshObjects';
import { createAll } from './seeding';

/**
 * The guide's ingress, canary and circuit breaker the OSSM 3 way, in one
 * SockShop namespace: per-version front-end Services, a Gateway API Gateway
 * with an 80/20 HTTPRoute over them, carts' DestinationRule, and a Route to
 * the Gateway's Service.
 */
export async function createGatewayApiIngress(
  context: SandboxContext,
  sockshop: string,
  appsDomain: string,
) {
  await createAll(context, kinds.services, [
    frontEndVersionService(sockshop, 'v1'),
    frontEndVersionService(sockshop, 'v2'),
  ]);
  await createAll(context, kinds.gatewayApiGateways, [
    frontEndGateway(sockshop, appsDomain),
  ]);
  await createAll(context, kinds.httpRoutes, [
    frontEndHttpRoute(sockshop, appsDomain),
  ]);
  await createAll(
    context,
    kinds.destinationRules,
    destinationRules(sockshop).filter(
      rule => rule.metadata.name === 'carts-destinationrule',
    ),
  );
  await createAll(context, kinds.routes, [
    gatewayServiceRoute(sockshop, appsDomain),
  ]);
}
