import { PermissionsService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { serviceMeshStatusReadPermission } from '@service-mesh/plugin-service-mesh-common';
import {
  controlEntityRollout,
  EntityRolloutDeps,
  entityRollout,
  startEntityRollout,
} from './entityRollouts';

function refOf(entityRef: string) {
  try {
    return parseEntityRef(entityRef);
  } catch (error) {
    throw new InputError(`entityRef: ${(error as Error).message}`);
  }
}

const entityRefInput = (z: any) =>
  z.string().describe('The entity, e.g. system:default/shop');

/** The rollout of the service after the write, from the new status. */
function rolloutAfter(status: any, service: string) {
  const found = status.services.find((s: any) => s.name === service);
  return found?.rollout ?? {};
}

/**
 * Registers the rollout actions in Backstage's actions registry, for tools
 * (MCP clients, agents): read a rollout, start one, and pause, resume,
 * promote or abort it, under the same rules and audit as the tab.
 */
export function registerRolloutActions(options: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  rollouts: EntityRolloutDeps;
}) {
  const { actionsRegistry, rollouts } = options;

  actionsRegistry.register({
    name: 'get-service-mesh-rollout',
    title: 'Get the canary rollout of a service',
    description:
      "Returns the canary rollout of one service of a catalog System or Component: its plan (steps, bake time, checks), its phase and weight, and its timeline of checks and steps; or the Flagger Canary or Argo Rollout that owns the service's route.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          service: z.string().describe('The service, e.g. web'),
        }),
      output: z =>
        z.object({
          rollout: z.object({}).passthrough().optional(),
          problem: z.object({}).passthrough().optional(),
          deliveredBy: z.object({}).passthrough().optional(),
        }),
    },
    examples: [
      {
        title: 'The rollout of web',
        input: { entityRef: 'system:default/shop', service: 'web' },
      },
    ],
    action: async ({ input, credentials }) => {
      const ref = refOf(input.entityRef);
      const [decision] = await options.permissions.authorize(
        [
          {
            permission: serviceMeshStatusReadPermission,
            resourceRef: stringifyEntityRef(ref),
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `you may not read the mesh status of ${stringifyEntityRef(ref)}`,
        );
      }
      const found = await entityRollout(
        rollouts,
        credentials,
        ref,
        input.service,
      );
      return {
        output: {
          ...(found.rollout ? { rollout: found.rollout as any } : {}),
          ...(found.problem ? { problem: found.problem as any } : {}),
          ...(found.deliveredBy
            ? { deliveredBy: found.deliveredBy as any }
            : {}),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'start-service-mesh-rollout',
    title: 'Start a guarded canary rollout of a service',
    description:
      "Starts a canary rollout: the canary's weight (a DestinationRule subset on a VirtualService, or a per-version Service on an HTTPRoute) is stepped through the plan's steps, each step held for bakeSeconds and checked every interval against Prometheus (success rate, p99 latency, minimum requests); failed checks up to failedChecksThreshold roll it back to 0 %. Refused when Flagger or Argo Rollouts owns the route or a rollout is already running. Allowed only to those who may change the System that owns the namespace.",
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          plan: z
            .object({})
            .passthrough()
            .describe(
              'The RolloutPlan: {service, stable: {subset, version}, canary: {subset, version}, steps: [10, 25, 50] or {stepWeight, maxWeight}, bakeSeconds, checks: {minSuccessRatePercent, maxP99LatencyMs, minRequests, interval, failedChecksThreshold}}',
            ),
        }),
      output: z =>
        z.object({
          rollout: z
            .object({})
            .passthrough()
            .describe('The rollout as started: plan, state, steps, timeline'),
        }),
    },
    examples: [
      {
        title: 'Roll web v2 out in three steps',
        input: {
          entityRef: 'system:default/shop',
          plan: {
            service: 'web',
            stable: { subset: 'v1', version: 'v1' },
            canary: { subset: 'v2', version: 'v2' },
            steps: [10, 25, 50],
            bakeSeconds: 120,
            checks: {
              minSuccessRatePercent: 99,
              maxP99LatencyMs: 500,
              minRequests: 20,
              interval: '1m',
              failedChecksThreshold: 2,
            },
          },
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const status = await startEntityRollout(rollouts, {
        credentials,
        ref: refOf(input.entityRef),
        body: { plan: input.plan },
        via: 'actions registry: start-service-mesh-rollout',
      });
      return {
        output: {
          rollout: rolloutAfter(status, String((input.plan as any).service)),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'control-service-mesh-rollout',
    title: 'Pause, resume, promote or abort a canary rollout',
    description:
      'Acts on a running canary rollout: pause holds its weight, resume goes on (the step bakes again), promote sends all traffic to the canary, abort sends all traffic back to the stable version. Allowed only to those who may change the System that owns the namespace.',
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          service: z.string().describe('The service, e.g. web'),
          action: z.enum(['pause', 'resume', 'promote', 'abort']),
        }),
      output: z =>
        z.object({
          rollout: z
            .object({})
            .passthrough()
            .describe('The rollout after the action'),
        }),
    },
    examples: [
      {
        title: 'Abort the rollout of web',
        input: {
          entityRef: 'system:default/shop',
          service: 'web',
          action: 'abort',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const status = await controlEntityRollout(rollouts, {
        credentials,
        ref: refOf(input.entityRef),
        service: input.service,
        action: input.action,
        via: 'actions registry: control-service-mesh-rollout',
      });
      return { output: { rollout: rolloutAfter(status, input.service) } };
    },
  });
}
