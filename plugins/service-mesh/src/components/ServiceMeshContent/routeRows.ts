import {
  HttpRouteParent,
  RouteDestination,
  ServiceStatus,
} from '@service-mesh/plugin-service-mesh-common';

/** One destination of a VirtualService route or HTTPRoute rule, as the routes table shows it. */
export interface RouteRow {
  key: string;
  service: string;
  kind: 'VirtualService' | 'HTTPRoute';
  /** The object, and the route's or rule's name when it has one. */
  route: string;
  hosts: string[];
  /** Gateways (VirtualService) or parentRefs (HTTPRoute) the route is bound to. */
  via: string[];
  missing: string[];
  destination: RouteDestination;
}

const parentText = (parent: HttpRouteParent) =>
  `${parent.kind} ${parent.namespace ? `${parent.namespace}/` : ''}${
    parent.name
  }${parent.port ? `:${parent.port}` : ''}`;

/** The rows of every VirtualService route and HTTPRoute rule of the services, one per destination. */
export function routeRows(services: ServiceStatus[]): RouteRow[] {
  return services.flatMap(service => [
    ...service.routes.flatMap(route =>
      route.destinations.map((destination, index) => ({
        key: `VirtualService/${route.virtualService}/${route.httpRouteIndex}/${index}`,
        service: service.name,
        kind: 'VirtualService' as const,
        route: `${route.virtualService}${route.name ? ` (${route.name})` : ''}`,
        hosts: route.hosts,
        via: route.gateways,
        missing: route.missingGateways,
        destination,
      })),
    ),
    ...(service.httpRoutes ?? []).flatMap(rule =>
      rule.destinations.map((destination, index) => ({
        key: `HTTPRoute/${rule.httpRoute}/${rule.ruleIndex}/${index}`,
        service: service.name,
        kind: 'HTTPRoute' as const,
        route: `${rule.httpRoute} (${rule.name ?? `rule ${rule.ruleIndex}`})`,
        hosts: rule.hostnames,
        via: rule.parentRefs.map(parentText),
        missing: rule.parentRefs.filter(p => p.found === false).map(parentText),
        destination,
      })),
    ),
  ]);
}
