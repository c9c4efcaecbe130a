import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MANAGED_BY_LABEL } from '@service-mesh/plugin-service-mesh-common';
import { httpRouteApplyBody } from '@service-mesh/plugin-service-mesh-node';
import { z } from 'zod/v3';
import { writesOf } from '../cluster/actionWrites';
import { KubeObject } from '../cluster/meshCluster';
import {
  managedLabels,
  originalStateAnnotation,
  originalStateOf,
} from '../cluster/ownership';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields } from '../inputs/shape';
import { weightedVirtualService } from './canaryObjects';
import { toTemplateExamples } from './exampleStep';
import { trafficShiftExamples } from './trafficShift.examples';
import { findShiftTarget } from './shiftTarget';
import { findHttpRouteShiftTarget } from './httpRouteShiftTarget';

const inputShape = {
  cluster: fields.cluster(),
  namespace: fields.name('The namespace of the VirtualService'),
  user: fields
    .userId()
    .optional()
    .describe(
      'The user the change is labelled with (default: the VirtualService owner)',
    ),
  virtualService: fields
    .name('The VirtualService')
    .default('front-end-virtualservice'),
  routeIndex: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .default(0)
    .describe('Which HTTP route of the VirtualService'),
  httpRoute: fields
    .name(
      'A Gateway API HTTPRoute to shift instead of the VirtualService; weights are then keyed by backendRef Service name',
    )
    .optional(),
  ruleIndex: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .default(0)
    .describe('Which rule of the HTTPRoute'),
  weights: fields.weights(
    'Traffic per subset (VirtualService) or per backendRef Service (HTTPRoute), whole numbers summing to 100',
  ),
};
export const trafficShiftInput = z.object(inputShape);

/**
 * The HTTPRoute apply labelled with the plugins' managed-by label, so that
 * servicemesh:teardown finds it: the user's (or the one it already carries).
 * An HTTPRoute the actions did not make is marked as changed only, so
 * teardown takes back the plugins' fields instead of deleting it.
 */
function trackedHttpRoute(
  live: KubeObject,
  body: KubeObject,
  user: string | undefined,
  logger: { warn(message: string): void },
): KubeObject {
  const owner = user ?? live.metadata.labels?.[MANAGED_BY_LABEL];
  if (!owner) {
    logger.warn(
      `HTTPRoute ${live.metadata.namespace}/${live.metadata.name} carries no ${MANAGED_BY_LABEL} label and no user was given: servicemesh:teardown will not take this change back`,
    );
    return body;
  }
  const madeElsewhere =
    !live.metadata.labels?.[MANAGED_BY_LABEL] && !originalStateOf(live);
  return {
    ...body,
    metadata: {
      ...body.metadata,
      labels: { ...(body.metadata.labels ?? {}), ...managedLabels(owner) },
      annotations: {
        ...(body.metadata.annotations ?? {}),
        ...(madeElsewhere ? originalStateAnnotation({ changed: true }) : {}),
      },
    },
  };
}

export function createTrafficShiftAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:traffic:shift',
    description:
      'Sets new subset weights on an existing route of a VirtualService, or backendRef weights on an existing rule of an HTTPRoute',
    examples: toTemplateExamples(
      'servicemesh:traffic:shift',
      trafficShiftExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        weights: () =>
          z.record(z.number()).describe('The weights now in effect'),
      },
    },
    async handler(ctx) {
      const params = parseInput(trafficShiftInput, ctx.input);
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:traffic:shift', params),
      );
      const { cluster } = session;
      if (params.httpRoute) {
        const rule = await findHttpRouteShiftTarget(cluster, {
          ...params,
          httpRoute: params.httpRoute,
        });
        if (!rule.found) throw new InputError(`${rule.input} ${rule.message}`);
        await session.applier.apply(
          trackedHttpRoute(
            rule.live,
            httpRouteApplyBody(rule.live, {
              ruleIndex: params.ruleIndex,
              weights: params.weights,
            }),
            params.user,
            ctx.logger,
          ),
        );
        ctx.output('weights', params.weights);
        return;
      }
      const target = await findShiftTarget(cluster, params);
      if (!target.found) {
        throw new InputError(`${target.input} ${target.message}`);
      }
      const { live, service } = target;
      await session.applier.apply(
        weightedVirtualService(
          {
            name: params.virtualService,
            namespace: params.namespace,
            service,
            user:
              params.user ??
              live.metadata.labels?.[MANAGED_BY_LABEL] ??
              'unknown',
            weights: params.weights,
            routeIndex: params.routeIndex,
          },
          live,
        ),
      );
      ctx.output('weights', params.weights);
    },
  });
}
