import {
  backendServicesOf,
  FieldError,
  hostNamesService,
  RolloutPlan,
  RolloutRouteKind,
} from '@service-mesh/plugin-service-mesh-common';

/**
 * The route a rollout steps: an HTTP route of a VirtualService (weights by
 * DestinationRule subset) or a rule of a Gateway API HTTPRoute (weights by
 * backendRef Service).
 *
 * @public
 */
export interface RolloutRoute {
  kind: RolloutRouteKind;
  /** The live object, as read. */
  object: any;
  /** The index in `spec.http` (VirtualService) or `spec.rules` (HTTPRoute). */
  index: number;
}

/** @public */
export type RolloutRouteLookup =
  | { found: true; route: RolloutRoute }
  | { found: false; error: FieldError };

const isLocalServiceRef = (ref: any, routeNamespace: string, ns: string) =>
  (ref?.kind ?? 'Service') === 'Service' &&
  (ref?.group ?? '') === '' &&
  (ref?.namespace ?? routeNamespace) === ns;

/**
 * The index of the route of `object` that sends the plan's service to its
 * stable or canary: a VirtualService destination with one of the plan's
 * subsets, an HTTPRoute backendRef to one of the plan's Services.
 *
 * @public
 */
export function rolloutRouteIndex(
  kind: RolloutRouteKind,
  object: any,
  plan: Pick<RolloutPlan, 'service' | 'stable' | 'canary'>,
  serviceNamespace: string,
): number | undefined {
  const keys = [plan.stable.subset, plan.canary.subset];
  const objectNamespace = object.metadata.namespace;
  const index =
    kind === 'VirtualService'
      ? ((object.spec?.http ?? []) as any[]).findIndex(route =>
          ((route?.route ?? []) as any[]).some(
            d =>
              hostNamesService(
                d?.destination?.host ?? '',
                plan.service,
                serviceNamespace,
                objectNamespace,
              ) && keys.includes(d?.destination?.subset),
          ),
        )
      : ((object.spec?.rules ?? []) as any[]).findIndex(rule =>
          ((rule?.backendRefs ?? []) as any[]).some(
            ref =>
              isLocalServiceRef(ref, objectNamespace, serviceNamespace) &&
              keys.includes(ref.name),
          ),
        );
  return index >= 0 ? index : undefined;
}

const fail = (field: string, message: string): RolloutRouteLookup => ({
  found: false,
  error: { field, message },
});

/**
 * The HTTPRoute rule that splits the plan's service over the plan's two
 * per-version Services, each selecting the plan's version.
 */
function findHttpRouteRule(
  plan: RolloutPlan,
  namespace: string,
  services: any[],
  httpRoutes: any[],
): RolloutRouteLookup | undefined {
  const service = services.find(s => s.metadata?.name === plan.service)!;
  const backends = backendServicesOf(service, services);
  for (const httpRoute of httpRoutes) {
    const index = rolloutRouteIndex('HTTPRoute', httpRoute, plan, namespace);
    if (index === undefined) continue;
    const refs = (httpRoute.spec.rules[index].backendRefs ?? []) as any[];
    const names = refs.map(ref => ref?.name);
    for (const side of ['stable', 'canary'] as const) {
      const name = plan[side].subset;
      const where = `HTTPRoute ${httpRoute.metadata.name} rule ${index}`;
      if (!names.includes(name)) {
        return fail(
          `${side}.subset`,
          `${where} has no backendRef to Service '${name}'; its backendRefs: ${names.join(
            ', ',
          )}`,
        );
      }
      if (!backends.has(name)) {
        return fail(
          `${side}.subset`,
          `Service '${name}' (a backendRef of ${where}) does not select a version of ${plan.service}: its selector must narrow ${plan.service}'s`,
        );
      }
      const selected = services.find(s => s.metadata?.name === name)?.spec
        ?.selector?.version;
      if (selected !== undefined && selected !== plan[side].version) {
        return fail(
          `${side}.version`,
          `Service '${name}' selects version '${selected}', not '${plan[side].version}'`,
        );
      }
    }
    return {
      found: true,
      route: { kind: 'HTTPRoute', object: httpRoute, index },
    };
  }
  return undefined;
}

/** The names of an HTTPRoute's backendRefs that are versions of the service, for an error that says what to use. */
function httpRouteBackendsHint(
  plan: RolloutPlan,
  namespace: string,
  services: any[],
  httpRoutes: any[],
): string {
  const service = services.find(s => s.metadata?.name === plan.service)!;
  const backends = backendServicesOf(service, services);
  for (const httpRoute of httpRoutes) {
    for (const rule of (httpRoute.spec?.rules ?? []) as any[]) {
      const names = ((rule?.backendRefs ?? []) as any[])
        .filter(
          ref =>
            isLocalServiceRef(ref, httpRoute.metadata.namespace, namespace) &&
            backends.has(ref.name),
        )
        .map(ref => ref.name);
      if (names.length > 1) {
        return `; HTTPRoute ${
          httpRoute.metadata.name
        } splits it over the Services ${names.join(
          ', ',
        )}: name two of those as stable.subset and canary.subset`;
      }
    }
  }
  return '';
}

/**
 * Finds the route a rollout steps, checking the plan against the namespace.
 * The Service must exist. Then either an HTTPRoute rule has backendRefs to
 * both of the plan's per-version Services (each selecting the plan's
 * version), or a DestinationRule for the Service defines both subsets (each
 * selecting the plan's version) and a VirtualService routes to them. The
 * first problem names the plan's field.
 *
 * @public
 */
export function findRolloutRoute(options: {
  plan: RolloutPlan;
  namespace: string;
  services: any[];
  destinationRules: any[];
  virtualServices: any[];
  /** The namespace's Gateway API HTTPRoutes; none when Gateway API is not installed. */
  httpRoutes?: any[];
}): RolloutRouteLookup {
  const { plan, namespace } = options;
  const httpRoutes = options.httpRoutes ?? [];
  if (!options.services.some(s => s.metadata?.name === plan.service)) {
    return fail(
      'service',
      `no Service '${plan.service}' in namespace '${namespace}'`,
    );
  }
  const viaHttpRoute = findHttpRouteRule(
    plan,
    namespace,
    options.services,
    httpRoutes,
  );
  if (viaHttpRoute) return viaHttpRoute;
  const hint = httpRouteBackendsHint(
    plan,
    namespace,
    options.services,
    httpRoutes,
  );
  const subsets = new Map<string, Record<string, string>>();
  for (const rule of options.destinationRules) {
    const host = rule.spec?.host ?? '';
    if (
      !hostNamesService(host, plan.service, namespace, rule.metadata.namespace)
    )
      continue;
    for (const subset of rule.spec?.subsets ?? []) {
      subsets.set(subset.name, subset.labels ?? {});
    }
  }
  for (const side of ['stable', 'canary'] as const) {
    const target = plan[side];
    const labels = subsets.get(target.subset);
    if (!labels) {
      return fail(
        `${side}.subset`,
        `no DestinationRule for ${plan.service} defines subset '${
          target.subset
        }'; defined subsets: ${
          [...subsets.keys()].join(', ') || 'none'
        }${hint}`,
      );
    }
    if (labels.version !== undefined && labels.version !== target.version) {
      return fail(
        `${side}.version`,
        `subset '${target.subset}' selects version '${labels.version}', not '${target.version}'`,
      );
    }
  }
  for (const virtualService of options.virtualServices) {
    const index = rolloutRouteIndex(
      'VirtualService',
      virtualService,
      plan,
      namespace,
    );
    if (index !== undefined) {
      return {
        found: true,
        route: { kind: 'VirtualService', object: virtualService, index },
      };
    }
  }
  return fail(
    'service',
    `no VirtualService in namespace '${namespace}' routes ${plan.service} to subset '${plan.stable.subset}' or '${plan.canary.subset}'`,
  );
}
