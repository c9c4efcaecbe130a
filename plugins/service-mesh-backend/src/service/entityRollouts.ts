import {
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  MeshStatus,
  RolloutManualAction,
  validateRolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';
import {
  ClusterConnection,
  controlRollout,
  findCluster,
  kubeConfigFor,
  MeshWriteAuthorizer,
  startRollout,
  StoredRollout,
} from '@service-mesh/plugin-service-mesh-node';
import { toBackstageError } from '../kubernetes/kubeErrors';
import { EntityScope } from '../status/assembleStatus';
import { MeshStatusService } from './meshStatusService';

export interface EntityRolloutDeps {
  statusService: MeshStatusService;
  clusters: ClusterConnection[];
  authorizer: MeshWriteAuthorizer;
  /** Whether a cluster has the Prometheus the checks read. */
  hasPrometheus: (cluster: string) => boolean;
  now?: () => Date;
}

interface RolloutRequest {
  credentials: BackstageCredentials;
  ref: CompoundEntityRef;
  via: string;
  request?: AuditorServiceCreateEventOptions['request'];
}

const MANUAL_ACTIONS: RolloutManualAction[] = [
  'pause',
  'resume',
  'promote',
  'abort',
];

/** Errors the rollout store throws that already say what is wrong; others come from the cluster. */
const PLAIN_ERRORS = new Set(['InputError', 'ConflictError', 'NotFoundError']);

/** Who acted, for the timeline: the user's entity ref, else the service's subject. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as any;
  return principal?.userEntityRef ?? principal?.subject ?? 'someone';
}

/** Checks the service belongs to the entity; the error lists its services. */
async function serviceInScope(
  deps: EntityRolloutDeps,
  scope: EntityScope,
  service: unknown,
  field: string,
) {
  const status = await deps.statusService.statusInScope(scope);
  const names = status.services.map(s => s.name);
  if (typeof service !== 'string' || !names.includes(service)) {
    throw new InputError(
      `${field}: ${JSON.stringify(service)} is not a service of ${
        status.entity.kind
      }:${status.entity.namespace}/${status.entity.name}; its services: ${
        names.join(', ') || 'none'
      }`,
    );
  }
}

/** Writes through the authorizer (owners only, audited), then answers the new status. */
async function writeAndAnswer(
  deps: EntityRolloutDeps,
  request: RolloutRequest,
  scope: EntityScope,
  audit: { eventId: string; meta: Record<string, unknown> },
  write: () => Promise<StoredRollout>,
): Promise<MeshStatus> {
  const event = await deps.authorizer.authorize({
    credentials: request.credentials,
    intent: 'traffic',
    cluster: scope.cluster,
    namespaces: [scope.namespace],
    via: request.via,
    eventId: audit.eventId,
    request: request.request,
    meta: { entityRef: stringifyEntityRef(request.ref), ...audit.meta },
  });
  try {
    let stored: StoredRollout;
    try {
      stored = await write();
    } catch (error) {
      throw PLAIN_ERRORS.has((error as Error).name)
        ? error
        : toBackstageError(error, 'writing the rollout');
    }
    deps.statusService.observeWrite(
      scope.cluster,
      scope.namespace,
      stored.route.kind === 'VirtualService' ? 'virtualservices' : 'httproutes',
      stored.route.object,
    );
    await event.success({
      meta: {
        route: `${stored.route.kind} ${stored.route.object.metadata.name}`,
        phase: stored.record.state.phase,
        weight: stored.record.state.weight,
      },
    });
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
  deps.statusService.invalidate(scope.cluster, scope.namespace);
  return deps.statusService.statusInScope(scope);
}

/**
 * Starts a canary rollout of one of the entity's services from `{plan}`:
 * the plan is checked (every field problem named) before anything else, the
 * namespace's owning System decides, then the first step is written.
 */
export async function startEntityRollout(
  deps: EntityRolloutDeps,
  request: RolloutRequest & { body: unknown },
): Promise<MeshStatus> {
  const body = request.body as { plan?: unknown } | undefined;
  if (!body || typeof body !== 'object' || !('plan' in body)) {
    throw new InputError('the request body must be a JSON object {plan}');
  }
  const checked = validateRolloutPlan(body.plan);
  if (!checked.valid) {
    throw new InputError(
      `invalid rollout plan: ${checked.errors
        .map(e => `${e.field} ${e.message}`)
        .join('; ')}`,
    );
  }
  const plan = checked.plan;
  const scope = await deps.statusService.scopeOf(
    request.ref,
    request.credentials,
  );
  await serviceInScope(deps, scope, plan.service, 'plan.service');
  if (!deps.hasPrometheus(scope.cluster)) {
    throw new InputError(
      `rollouts need Prometheus for their checks: cluster ${scope.cluster} has none configured (serviceMesh.clusters[].prometheus)`,
    );
  }
  const kc = kubeConfigFor(findCluster(deps.clusters, scope.cluster));
  return writeAndAnswer(
    deps,
    request,
    scope,
    {
      eventId: 'rollout-start',
      meta: { service: plan.service, canary: plan.canary.version },
    },
    () =>
      startRollout({
        kc,
        namespace: scope.namespace,
        plan,
        actor: actorOf(request.credentials),
        now: deps.now?.() ?? new Date(),
      }),
  );
}

/** Pause, resume, promote or abort the rollout of one of the entity's services. */
export async function controlEntityRollout(
  deps: EntityRolloutDeps,
  request: RolloutRequest & { service: string; action: string },
): Promise<MeshStatus> {
  if (!MANUAL_ACTIONS.includes(request.action as RolloutManualAction)) {
    throw new InputError(
      `action must be one of ${MANUAL_ACTIONS.join(', ')}, got ${JSON.stringify(
        request.action,
      )}`,
    );
  }
  const action = request.action as RolloutManualAction;
  const scope = await deps.statusService.scopeOf(
    request.ref,
    request.credentials,
  );
  await serviceInScope(deps, scope, request.service, 'service');
  const kc = kubeConfigFor(findCluster(deps.clusters, scope.cluster));
  return writeAndAnswer(
    deps,
    request,
    scope,
    {
      eventId: `rollout-${action}`,
      meta: { service: request.service, action },
    },
    () =>
      controlRollout({
        kc,
        namespace: scope.namespace,
        service: request.service,
        action,
        actor: actorOf(request.credentials),
        now: deps.now?.() ?? new Date(),
      }),
  );
}

/** The rollout of one of the entity's services, from the status. */
export async function entityRollout(
  deps: Pick<EntityRolloutDeps, 'statusService'>,
  credentials: BackstageCredentials,
  ref: CompoundEntityRef,
  service: string,
) {
  const status = await deps.statusService.getStatus(ref, credentials);
  const found = status.services.find(s => s.name === service);
  if (!found) {
    throw new NotFoundError(
      `service '${service}' is not part of ${stringifyEntityRef(ref)}`,
    );
  }
  return {
    service,
    ...(found.rollout ? { rollout: found.rollout } : {}),
    ...(found.rolloutProblem ? { problem: found.rolloutProblem } : {}),
    ...(found.deliveredBy ? { deliveredBy: found.deliveredBy } : {}),
  };
}
