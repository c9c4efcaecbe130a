import { InputError } from '@backstage/errors';
import {
  HttpRouteRule,
  MeshStatus,
  ServiceStatus,
  TrafficRoute,
  WeightedTrafficRoute,
  shiftKeyOf,
  validateWeights,
  DNS1123_LABEL,
  weightedRoute,
  weightedTrafficRoute,
} from '@service-mesh/plugin-service-mesh-common';

export interface TrafficShiftRequest {
  service: string;
  weights: Record<string, number>;
}

/** Validates a traffic-shift body; the error names the field. */
export function parseTrafficShift(body: unknown): TrafficShiftRequest {
  if (!body || typeof body !== 'object')
    throw new InputError(
      'the request body must be a JSON object {service, weights}',
    );
  const { service, weights } = body as Record<string, unknown>;
  if (
    typeof service !== 'string' ||
    service.length > 63 ||
    !DNS1123_LABEL.test(service)
  ) {
    throw new InputError(
      'service must be the name of a Kubernetes Service (an RFC 1123 label of at most 63 characters)',
    );
  }
  const checked = validateWeights(weights);
  if (!checked.valid) {
    throw new InputError(
      checked.errors.map(e => `${e.field} ${e.message}`).join('; '),
    );
  }
  return { service, weights: checked.weights };
}

/** The route a shift rewrites, after checking the service and subsets against the current status. */
export function routeToShift(status: MeshStatus, request: TrafficShiftRequest) {
  const service = status.services.find(s => s.name === request.service);
  if (!service) {
    throw new InputError(
      `service '${request.service}' is not part of ${status.entity.kind}:${
        status.entity.namespace
      }/${status.entity.name}; its services: ${
        status.services.map(s => s.name).join(', ') || 'none'
      }`,
    );
  }
  const vsRoute =
    weightedRoute(service) ??
    service.routes.find(r => r.destinations.some(d => d.subset));
  if (vsRoute) return virtualServiceShift(service, vsRoute, request);
  const rule = weightedTrafficRoute(service) ?? service.httpRoutes?.[0];
  if (rule?.kind === 'HTTPRoute') return httpRouteShift(rule, request);
  throw new InputError(
    `service '${request.service}' has no VirtualService route with subsets nor HTTPRoute rule to shift`,
  );
}

function virtualServiceShift(
  service: ServiceStatus,
  route: TrafficRoute,
  request: TrafficShiftRequest,
): { route: WeightedTrafficRoute; previous: Record<string, number> } {
  const defined = new Set(service.subsets.map(s => s.name));
  const unknown = Object.keys(request.weights).filter(
    subset => !defined.has(subset),
  );
  if (unknown.length > 0) {
    throw new InputError(
      `weights.${unknown[0]}: no DestinationRule defines subset '${
        unknown[0]
      }' for ${request.service}; defined subsets: ${
        [...defined].join(', ') || 'none'
      }`,
    );
  }
  const previous: Record<string, number> = {};
  for (const d of route.destinations) previous[d.subset ?? d.host] = d.weight;
  return { route, previous };
}

/** An HTTPRoute rule's weights are keyed by its backendRefs' Service names (`web-v1`). */
function httpRouteShift(
  rule: HttpRouteRule,
  request: TrafficShiftRequest,
): { route: WeightedTrafficRoute; previous: Record<string, number> } {
  const previous: Record<string, number> = {};
  for (const d of rule.destinations) {
    const key = shiftKeyOf(rule, d);
    if (key) previous[key] = d.weight;
  }
  const unknown = Object.keys(request.weights).filter(
    name => !(name in previous),
  );
  if (unknown.length > 0) {
    throw new InputError(
      `weights.${unknown[0]}: no backendRef of HTTPRoute ${
        rule.httpRoute
      } (rule ${rule.ruleIndex}) names Service '${unknown[0]}' of ${
        rule.namespace
      }; its backends: ${Object.keys(previous).join(', ') || 'none'}`,
    );
  }
  return { route: rule, previous };
}
