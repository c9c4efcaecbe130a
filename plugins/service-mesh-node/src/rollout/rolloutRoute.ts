import {
  FieldError,
  hostNamesService,
  RolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';

/** @public */
export interface RolloutRoute {
  virtualService: any;
  httpRouteIndex: number;
}

/** @public */
export type RolloutRouteLookup =
  | { found: true; route: RolloutRoute }
  | { found: false; error: FieldError };

/**
 * The HTTP route of `virtualService` that sends the plan's service to one of its subsets, if any.
 *
 * @public
 */
export function rolloutRouteIndex(
  virtualService: any,
  plan: Pick<RolloutPlan, 'service' | 'stable' | 'canary'>,
  serviceNamespace: string,
): number | undefined {
  const subsets = [plan.stable.subset, plan.canary.subset];
  const http = (virtualService.spec?.http ?? []) as any[];
  const index = http.findIndex(route =>
    ((route?.route ?? []) as any[]).some(
      d =>
        hostNamesService(
          d?.destination?.host ?? '',
          plan.service,
          serviceNamespace,
          virtualService.metadata.namespace,
        ) && subsets.includes(d?.destination?.subset),
    ),
  );
  return index >= 0 ? index : undefined;
}

/**
 * Finds the route a rollout steps, checking the plan against the namespace:
 * the Service exists, a DestinationRule for it defines both subsets, each
 * subset selects the plan's version, and a VirtualService routes to them.
 * The first problem names the plan's field.
 *
 * @public
 */
export function findRolloutRoute(options: {
  plan: RolloutPlan;
  namespace: string;
  services: any[];
  destinationRules: any[];
  virtualServices: any[];
}): RolloutRouteLookup {
  const { plan, namespace } = options;
  const fail = (field: string, message: string): RolloutRouteLookup => ({
    found: false,
    error: { field, message },
  });
  if (!options.services.some(s => s.metadata?.name === plan.service)) {
    return fail(
      'service',
      `no Service '${plan.service}' in namespace '${namespace}'`,
    );
  }
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
        }'; defined subsets: ${[...subsets.keys()].join(', ') || 'none'}`,
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
    const httpRouteIndex = rolloutRouteIndex(virtualService, plan, namespace);
    if (httpRouteIndex !== undefined) {
      return { found: true, route: { virtualService, httpRouteIndex } };
    }
  }
  return fail(
    'service',
    `no VirtualService in namespace '${namespace}' routes ${plan.service} to subset '${plan.stable.subset}' or '${plan.canary.subset}'`,
  );
}
