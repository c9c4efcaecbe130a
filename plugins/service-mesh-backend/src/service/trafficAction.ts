import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ClusterConnection,
  MeshWriteAuthorizer,
} from '@service-mesh/plugin-service-mesh-node';
import { MeshStatusService } from './meshStatusService';
import { shiftTraffic } from './shiftTraffic';

/**
 * Registers `shift-service-mesh-traffic` in Backstage's actions registry: the
 * traffic shift of the tab, for tools (MCP clients, agents), under the same
 * authorization rule and audit as the REST route.
 */
export function registerTrafficAction(options: {
  actionsRegistry: ActionsRegistryService;
  statusService: MeshStatusService;
  clusters: ClusterConnection[];
  authorizer: MeshWriteAuthorizer;
}) {
  options.actionsRegistry.register({
    name: 'shift-service-mesh-traffic',
    title: 'Shift the traffic of a service between its versions',
    description:
      'Sets new weights (whole numbers summing to 100) on the weighted route of one service of a catalog System or Component: its VirtualService route (keyed by subset) or else its Gateway API HTTPRoute rule (keyed by backendRef Service name). Allowed only to those who may change the System that owns the namespace.',
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('The entity, e.g. system:user2-sockshop/sockshop'),
          service: z.string().describe('The service, e.g. front-end'),
          weights: z
            .record(z.number())
            .describe(
              'Weight per subset, e.g. {"v1": 50, "v2": 50}, or per backendRef Service of an HTTPRoute rule, e.g. {"web-v1": 50, "web-v2": 50}',
            ),
        }),
      output: z =>
        z.object({
          status: z
            .object({})
            .passthrough()
            .describe('The MeshStatus after the change'),
        }),
    },
    examples: [
      {
        title: 'Half of front-end’s traffic to v2',
        input: {
          entityRef: 'system:user2-sockshop/sockshop',
          service: 'front-end',
          weights: { v1: 50, v2: 50 },
        },
      },
    ],
    action: async ({ input, credentials }) => {
      let ref;
      try {
        ref = parseEntityRef(input.entityRef);
      } catch (error) {
        throw new InputError(`entityRef: ${(error as Error).message}`);
      }
      const status = await shiftTraffic({
        ...options,
        credentials,
        ref,
        body: { service: input.service, weights: input.weights },
        via: 'actions registry: shift-service-mesh-traffic',
      });
      return {
        output: { status: status as unknown as Record<string, unknown> },
      };
    },
  });
}
