import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { kinds } from '../cluster/kinds';
import { managedLabels } from '../cluster/ownership';
import { writesOf } from '../cluster/actionWrites';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { circuitBreakerExamples } from './circuitBreakerApply.examples';
import { toTemplateExamples } from './exampleStep';
import { serviceHost } from './ingressObjects';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields
    .name('The SockShop namespace (default <user>-sockshop)')
    .optional(),
  service: fields.name('The Service to protect').default('carts'),
  consecutive5xxErrors: fields
    .count('Errors in a row before a pod is ejected', 1000)
    .default(5),
  interval: fields.duration('How often pods are checked').default('10s'),
  baseEjectionTime: fields
    .duration('How long an ejected pod stays out')
    .default('30s'),
  maxEjectionPercent: fields
    .percent('At most this share of pods ejected')
    .default(100),
  maxConnections: fields
    .count('Connection pool: TCP connections per pod (none when unset)', 100000)
    .optional(),
  http1MaxPendingRequests: fields
    .count('Connection pool: queued HTTP requests (none when unset)', 100000)
    .optional(),
};
export const circuitBreakerApplyInput = z.object(inputShape);

export function createCircuitBreakerApplyAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:circuitbreaker:apply',
    description:
      "Merges outlier detection (and a connection pool) into a service's DestinationRule, keeping its subsets",
    examples: toTemplateExamples(
      'servicemesh:circuitbreaker:apply',
      circuitBreakerExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        destinationRule: () => z.string().describe('The DestinationRule name'),
      },
    },
    async handler(ctx) {
      const params = parseInput(circuitBreakerApplyInput, ctx.input);
      const namespace = userNamespaces(params).app;
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:circuitbreaker:apply', params),
      );
      const live = await session.cluster.read(
        kinds.destinationRule,
        params.service,
        namespace,
      );
      const livePolicy = live?.spec?.trafficPolicy ?? {};
      const pool = {
        ...(params.maxConnections
          ? { tcp: { maxConnections: params.maxConnections } }
          : {}),
        ...(params.http1MaxPendingRequests
          ? {
              http: { http1MaxPendingRequests: params.http1MaxPendingRequests },
            }
          : {}),
      };
      await session.applier.apply({
        apiVersion: kinds.destinationRule.apiVersion,
        kind: kinds.destinationRule.kind,
        metadata: {
          name: params.service,
          namespace,
          labels: managedLabels(params.user),
        },
        spec: {
          ...(live?.spec ?? {}),
          host: serviceHost(params.service, namespace),
          trafficPolicy: {
            ...livePolicy,
            outlierDetection: {
              consecutive5xxErrors: params.consecutive5xxErrors,
              interval: params.interval,
              baseEjectionTime: params.baseEjectionTime,
              maxEjectionPercent: params.maxEjectionPercent,
            },
            ...(Object.keys(pool).length > 0
              ? {
                  connectionPool: {
                    ...(livePolicy.connectionPool ?? {}),
                    ...pool,
                  },
                }
              : {}),
          },
        },
      });
      ctx.output('destinationRule', params.service);
    },
  });
}
