import * as k8s from '@kubernetes/client-node';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_ROLLOUT,
  ANNOTATION_ROLLOUT_TIMELINE,
  appendRolloutEvent,
  applyRolloutAction,
  formatRolloutAnnotation,
  initialRolloutState,
  LABEL_ROLLOUT_PHASE,
  parseRolloutAnnotation,
  parseRolloutTimeline,
  RolloutEvent,
  RolloutManualAction,
  RolloutPlan,
  RolloutRecord,
  RolloutRouteKind,
  RolloutState,
  rolloutSteps,
  validateRolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';
import { applyConflictsOf, describeApplyConflicts } from '../applyConflicts';
import { HTTP_ROUTES } from '../httpRouteApply';
import { listIfServed, readExternalDelivery } from './externalDelivery';
import {
  findRolloutRoute,
  RolloutRoute,
  rolloutRouteIndex,
} from './rolloutRoute';
import { applyRolloutRouteChange } from './routeWeightsApply';
import { VIRTUAL_SERVICES } from './virtualServiceApply';

/**
 * A rollout as kept on its route object.
 *
 * @public
 */
export interface StoredRollout {
  route: RolloutRoute;
  record: RolloutRecord;
  timeline: RolloutEvent[];
}

/**
 * The kinds of object a rollout is kept on, with their API.
 *
 * @public
 */
export const ROLLOUT_ROUTE_KINDS: ReadonlyArray<{
  kind: RolloutRouteKind;
  api: { group: string; version: string; plural: string };
}> = [
  { kind: 'VirtualService', api: VIRTUAL_SERVICES },
  { kind: 'HTTPRoute', api: HTTP_ROUTES },
];

/**
 * The rollout kept on a VirtualService or HTTPRoute, or undefined when it
 * carries none. Throws RolloutAnnotationError for an annotation this version
 * cannot read, and when the route it steps is gone from the object.
 *
 * @public
 */
export function storedRolloutOf(
  kind: RolloutRouteKind,
  object: any,
): StoredRollout | undefined {
  const value = object.metadata?.annotations?.[ANNOTATION_ROLLOUT];
  if (value === undefined) return undefined;
  const record = parseRolloutAnnotation(value);
  const index = rolloutRouteIndex(
    kind,
    object,
    record.plan,
    object.metadata.namespace,
  );
  if (index === undefined) {
    const what = kind === 'VirtualService' ? 'subset' : 'Service';
    throw new InputError(
      `${kind} ${object.metadata.name} no longer routes ${record.plan.service} to ${what} '${record.plan.stable.subset}' or '${record.plan.canary.subset}'`,
    );
  }
  return {
    route: { kind, object, index },
    record,
    timeline: parseRolloutTimeline(
      object.metadata.annotations[ANNOTATION_ROLLOUT_TIMELINE],
    ),
  };
}

/**
 * The Kubernetes Service whose metrics show the canary's traffic: the
 * VirtualService's host Service (the version told apart by the pods'
 * `version` label), or the per-version Service an HTTPRoute sends it to.
 *
 * @public
 */
export function canaryMetricsService(stored: StoredRollout): string {
  const { plan } = stored.record;
  return stored.route.kind === 'HTTPRoute' ? plan.canary.subset : plan.service;
}

/**
 * The route's weights for a canary weight, keyed by subset or backendRef
 * Service: the stable one has the rest.
 *
 * @public
 */
export function rolloutWeights(
  plan: RolloutPlan,
  canaryWeight: number,
): Record<string, number> {
  return {
    [plan.stable.subset]: 100 - canaryWeight,
    [plan.canary.subset]: canaryWeight,
  };
}

/**
 * Writes a rollout's new state, its weights and a timeline entry in one
 * server-side apply, only if the route object is still the one read: a
 * second runner or a person who changed it meanwhile makes this a 409 and
 * nothing is written, so no step is taken twice.
 *
 * @public
 */
export function writeRolloutTransition(
  kc: k8s.KubeConfig,
  stored: StoredRollout,
  state: RolloutState,
  event: RolloutEvent,
): Promise<any> {
  const { plan } = stored.record;
  return applyRolloutRouteChange(kc, stored.route, {
    weights: rolloutWeights(plan, state.weight),
    annotations: {
      [ANNOTATION_ROLLOUT]: formatRolloutAnnotation(plan, state),
      [ANNOTATION_ROLLOUT_TIMELINE]: JSON.stringify(
        appendRolloutEvent(stored.timeline, event),
      ),
    },
    labels: { [LABEL_ROLLOUT_PHASE]: state.phase },
    onlyIfUnchanged: true,
  });
}

const DESTINATION_RULES = { ...VIRTUAL_SERVICES, plural: 'destinationrules' };

const isActive = (state: RolloutState) =>
  state.phase === 'progressing' || state.phase === 'paused';

function describePlan(plan: RolloutPlan): string {
  const { checks } = plan;
  return (
    `steps ${rolloutSteps(plan).join(', ')} %, bake ${plan.bakeSeconds} s, ` +
    `checks every ${checks.interval}: success >= ${checks.minSuccessRatePercent} %, ` +
    `p99 <= ${checks.maxP99LatencyMs} ms, at least ${checks.minRequests} requests, ` +
    `rollback after ${checks.failedChecksThreshold} failed`
  );
}

/**
 * A dry-run apply of the canary at 100 %: every weight changes, so a field
 * another manager owns (GitOps, kubectl) is refused now, naming it, rather
 * than at a later step.
 */
async function checkWeightsWritable(
  kc: k8s.KubeConfig,
  route: RolloutRoute,
  plan: RolloutPlan,
) {
  try {
    await applyRolloutRouteChange(kc, route, {
      weights: rolloutWeights(plan, 100),
      dryRun: true,
    });
  } catch (error) {
    const conflicts = applyConflictsOf(error);
    if (conflicts.length === 0) throw error;
    throw new ConflictError(
      `${route.kind} ${route.object.metadata.name}: ${describeApplyConflicts(
        conflicts,
      )}; a rollout would have to take those fields from their manager, so it was not started`,
    );
  }
}

/**
 * Starts a rollout: checks the plan and the namespace (the field of the first
 * problem named), refuses a route Flagger or Argo Rollouts owns or one with a
 * rollout still running, then writes the first step's weights and the state.
 * With `dryRun`, checks only and writes nothing.
 *
 * @public
 */
export async function startRollout(options: {
  kc: k8s.KubeConfig;
  namespace: string;
  plan: unknown;
  actor: string;
  now: Date;
  dryRun?: boolean;
}): Promise<StoredRollout> {
  const { kc, namespace, actor, now } = options;
  const checked = validateRolloutPlan(options.plan);
  if (!checked.valid) {
    throw new InputError(
      `invalid rollout plan: ${checked.errors
        .map(e => `${e.field} ${e.message}`)
        .join('; ')}`,
    );
  }
  const plan = checked.plan;
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const [services, destinationRules, virtualServices, httpRoutes] =
    await Promise.all([
      core.listNamespacedService({ namespace }).then(l => l.items),
      listIfServed(kc, DESTINATION_RULES, namespace),
      listIfServed(kc, VIRTUAL_SERVICES, namespace),
      listIfServed(kc, HTTP_ROUTES, namespace),
    ]);
  const lookup = findRolloutRoute({
    plan,
    namespace,
    services,
    destinationRules,
    virtualServices,
    httpRoutes,
  });
  if (!lookup.found) {
    throw new InputError(
      `invalid rollout plan: ${lookup.error.field} ${lookup.error.message}`,
    );
  }
  const route = lookup.route;
  const object = route.object;
  const owner = await readExternalDelivery(kc, object, undefined, route.kind);
  if (owner) {
    throw new InputError(
      `invalid rollout plan: service ${plan.service}'s ${route.kind} ${
        object.metadata.name
      } is managed by ${
        owner.tool === 'flagger' ? 'Flagger' : 'Argo Rollouts'
      } ${owner.kind} ${owner.name}; shift its traffic there`,
    );
  }
  const existing = object.metadata?.annotations?.[ANNOTATION_ROLLOUT];
  if (existing !== undefined) {
    const previous = parseRolloutAnnotation(existing);
    if (isActive(previous.state)) {
      throw new ConflictError(
        `a rollout of ${previous.plan.service} to ${previous.plan.canary.version} is ${previous.state.phase} at ${previous.state.weight} % on ${route.kind} ${object.metadata.name}; promote or abort it first`,
      );
    }
  }
  await checkWeightsWritable(kc, route, plan);
  const state = initialRolloutState(rolloutSteps(plan)[0], now);
  const stored: StoredRollout = {
    route,
    record: { version: 1, plan, state },
    timeline: [],
  };
  if (options.dryRun) return stored;
  const event: RolloutEvent = {
    at: now.toISOString(),
    kind: 'start',
    weight: state.weight,
    actor,
    message: `${actor} started a rollout of ${plan.service} ${
      plan.canary.version
    }: ${describePlan(plan)}; step 1 at ${state.weight} %`,
  };
  const written = await writeRolloutTransition(kc, stored, state, event);
  return storedRolloutOf(route.kind, written)!;
}

/**
 * The rollout of `service` among a namespace's VirtualServices and HTTPRoutes, or NotFoundError.
 *
 * @public
 */
export async function readRollout(
  kc: k8s.KubeConfig,
  namespace: string,
  service: string,
): Promise<StoredRollout> {
  for (const { kind, api } of ROLLOUT_ROUTE_KINDS) {
    for (const object of await listIfServed(kc, api, namespace)) {
      const value = object.metadata?.annotations?.[ANNOTATION_ROLLOUT];
      if (value === undefined) continue;
      if (parseRolloutAnnotation(value).plan.service === service) {
        return storedRolloutOf(kind, object)!;
      }
    }
  }
  throw new NotFoundError(
    `no rollout of service '${service}' in namespace '${namespace}'`,
  );
}

/**
 * A person's pause, resume, promote or abort, written with its timeline entry; refused (409) from a phase it does not apply to.
 *
 * @public
 */
export async function controlRollout(options: {
  kc: k8s.KubeConfig;
  namespace: string;
  service: string;
  action: RolloutManualAction;
  actor: string;
  now: Date;
}): Promise<StoredRollout> {
  const { kc, action, actor, now } = options;
  const stored = await readRollout(kc, options.namespace, options.service);
  const decision = applyRolloutAction(
    stored.record.plan,
    stored.record.state,
    action,
    now,
    actor,
  );
  if (!decision.accepted) throw new ConflictError(decision.message);
  const written = await writeRolloutTransition(kc, stored, decision.state, {
    at: now.toISOString(),
    kind: action,
    weight: decision.state.weight,
    actor,
    message: decision.message,
  });
  return storedRolloutOf(stored.route.kind, written)!;
}
