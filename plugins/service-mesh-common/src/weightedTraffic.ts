import {
  HttpRouteRule,
  RouteDestination,
  ServiceStatus,
  TrafficRoute,
} from './meshStatus';

/**
 * A route that splits a service's traffic: a VirtualService HTTP route or a Gateway API HTTPRoute rule.
 *
 * @public
 */
export type WeightedTrafficRoute = TrafficRoute | HttpRouteRule;

/** @public */
export function isHttpRouteRule(
  route: WeightedTrafficRoute,
): route is HttpRouteRule {
  return route.kind === 'HTTPRoute';
}

/**
 * The route whose weights split a service between versions, of either API:
 * its VirtualService route, else its HTTPRoute rule. The traffic shift
 * rewrites this route.
 *
 * @public
 */
export function weightedTrafficRoute(
  service: ServiceStatus,
): WeightedTrafficRoute | undefined {
  // the same rule for both lists as `weightedRoute` (findings.ts imports this file)
  const split = (route: { destinations: RouteDestination[] }) =>
    route.destinations.length > 1;
  return service.routes.find(split) ?? service.httpRoutes?.find(split);
}

/**
 * The object that holds the route, as a finding or a write names it.
 *
 * @public
 */
export function routeObjectOf(route: WeightedTrafficRoute) {
  return isHttpRouteRule(route)
    ? { kind: 'HTTPRoute', namespace: route.namespace, name: route.httpRoute }
    : {
        kind: 'VirtualService',
        namespace: route.namespace,
        name: route.virtualService,
      };
}

/**
 * `HTTPRoute web-route` or `VirtualService front-end`.
 *
 * @public
 */
export function routeCaption(route: WeightedTrafficRoute): string {
  const object = routeObjectOf(route);
  return `${object.kind} ${object.name}`;
}

/**
 * The key of a destination in the `weights` of a traffic shift: the subset of
 * a VirtualService destination, the backendRef's Service name of an HTTPRoute
 * rule (`web-v1`); undefined when the destination cannot be shifted (no
 * subset, or a Service of another namespace).
 *
 * @public
 */
export function shiftKeyOf(
  route: WeightedTrafficRoute,
  destination: RouteDestination,
): string | undefined {
  if (!isHttpRouteRule(route)) return destination.subset;
  return destination.serviceFound === undefined ? undefined : destination.host;
}

/**
 * The route's weights in percent keyed as a traffic shift keys them (see `shiftKeyOf`).
 *
 * @public
 */
export function shiftWeightsOf(
  route: WeightedTrafficRoute,
): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const destination of route.destinations) {
    const key = shiftKeyOf(route, destination);
    if (key) weights[key] = (weights[key] ?? 0) + destination.weight;
  }
  return weights;
}

/**
 * Whether every destination of the route has a shift key, so that a shift can rewrite all of them.
 *
 * @public
 */
export function isShiftable(route: WeightedTrafficRoute): boolean {
  return route.destinations.every(d => shiftKeyOf(route, d) !== undefined);
}
