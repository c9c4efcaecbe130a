import { InputError } from '@backstage/errors';
import {
  MeshStatus,
  validateWeights,
  weightedRoute,
} from '@service-mesh/plugin-service-mesh-common';

const rfc1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

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
    !rfc1123Label.test(service)
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
  const route =
    weightedRoute(service) ??
    service.routes.find(r => r.destinations.some(d => d.subset));
  if (!route) {
    throw new InputError(
      `service '${request.service}' has no VirtualService route with subsets to shift`,
    );
  }
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
