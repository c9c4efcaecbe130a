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
  RolloutState,
  rolloutSteps,
  validateRolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';
import { applyConflictsOf, describeApplyConflicts } from '../applyConflicts';
import { readExternalDelivery } from './externalDelivery';
import { findRolloutRoute, rolloutRouteIndex } from './rolloutRoute';
import {
  applyVirtualServiceChange,
  VIRTUAL_SERVICES,
} from './virtualServiceApply';

/**
 * A rollout as kept on its VirtualService.
 *
 * @public
 */
export interface StoredRollout {
  virtualService: any;
  httpRouteIndex: number;
  record: RolloutRecord;
  timeline: RolloutEvent[];
}

/**
 * The rollout kept on a VirtualService, or undefined when it carries none.
 * Throws RolloutAnnotationError for an annotation this version cannot read,
 * and when the route it steps is gone from the VirtualService.
 *
 * @public
 */
export function storedRolloutOf(
  virtualService: any,
): StoredRollout | undefined {
  const value = virtualService.metadata?.annotations?.[ANNOTATION_ROLLOUT];
  if (value === undefined) return undefined;
  const record = parseRolloutAnnotation(value);
  const httpRouteIndex = rolloutRouteIndex(
    virtualService,
    record.plan,
    virtualService.metadata.namespace,
  );
  if (httpRouteIndex === undefined) {
    throw new InputError(
      `VirtualService ${virtualService.metadata.name} no longer routes ${record.plan.service} to subset '${record.plan.stable.subset}' or '${record.plan.canary.subset}'`,
    );
  }
  return {
    virtualService,
    httpRouteIndex,
    record,
    timeline: parseRolloutTimeline(
      virtualService.metadata.annotations[ANNOTATION_ROLLOUT_TIMELINE],
    ),
  };
}

/**
 * The subset weights of a canary weight: the stable subset has the rest.
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
 * server-side apply, only if the VirtualService is still the one read: a
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
  return applyVirtualServiceChange(kc, stored.virtualService, {
    httpRouteIndex: stored.httpRouteIndex,
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

async function listCustom(
  kc: k8s.KubeConfig,
  kind: typeof VIRTUAL_SERVICES,
  namespace: string,
) {
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const list: any = await custom.listNamespacedCustomObject({
    ...kind,
    namespace,
  });
  return (list.items ?? []) as any[];
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
  virtualService: any,
  httpRouteIndex: number,
  plan: RolloutPlan,
) {
  try {
    await applyVirtualServiceChange(kc, virtualService, {
      httpRouteIndex,
      weights: rolloutWeights(plan, 100),
      dryRun: true,
    });
  } catch (error) {
    const conflicts = applyConflictsOf(error);
    if (conflicts.length === 0) throw error;
    throw new ConflictError(
      `VirtualService ${virtualService.metadata.name}: ${describeApplyConflicts(
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
  const [services, destinationRules, virtualServices] = await Promise.all([
    core.listNamespacedService({ namespace }).then(l => l.items),
    listCustom(kc, DESTINATION_RULES, namespace),
    listCustom(kc, VIRTUAL_SERVICES, namespace),
  ]);
  const lookup = findRolloutRoute({
    plan,
    namespace,
    services,
    destinationRules,
    virtualServices,
  });
  if (!lookup.found) {
    throw new InputError(
      `invalid rollout plan: ${lookup.error.field} ${lookup.error.message}`,
    );
  }
  const { virtualService, httpRouteIndex } = lookup.route;
  const owner = await readExternalDelivery(kc, virtualService);
  if (owner) {
    throw new InputError(
      `invalid rollout plan: service ${plan.service}'s VirtualService ${
        virtualService.metadata.name
      } is managed by ${
        owner.tool === 'flagger' ? 'Flagger' : 'Argo Rollouts'
      } ${owner.kind} ${owner.name}; shift its traffic there`,
    );
  }
  const existing = virtualService.metadata?.annotations?.[ANNOTATION_ROLLOUT];
  if (existing !== undefined) {
    const previous = parseRolloutAnnotation(existing);
    if (isActive(previous.state)) {
      throw new ConflictError(
        `a rollout of ${previous.plan.service} to ${previous.plan.canary.version} is ${previous.state.phase} at ${previous.state.weight} % on VirtualService ${virtualService.metadata.name}; promote or abort it first`,
      );
    }
  }
  await checkWeightsWritable(kc, virtualService, httpRouteIndex, plan);
  const state = initialRolloutState(rolloutSteps(plan)[0], now);
  const stored: StoredRollout = {
    virtualService,
    httpRouteIndex,
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
  return storedRolloutOf(written)!;
}

/**
 * The rollout of `service` among a namespace's VirtualServices, or NotFoundError.
 *
 * @public
 */
export async function readRollout(
  kc: k8s.KubeConfig,
  namespace: string,
  service: string,
): Promise<StoredRollout> {
  const virtualServices = await listCustom(kc, VIRTUAL_SERVICES, namespace);
  for (const virtualService of virtualServices) {
    const value = virtualService.metadata?.annotations?.[ANNOTATION_ROLLOUT];
    if (value === undefined) continue;
    if (parseRolloutAnnotation(value).plan.service === service) {
      return storedRolloutOf(virtualService)!;
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
  return storedRolloutOf(written)!;
}
