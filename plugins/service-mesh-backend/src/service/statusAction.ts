import { PermissionsService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { serviceMeshStatusReadPermission } from '@service-mesh/plugin-service-mesh-common';
import { MeshStatusService } from './meshStatusService';

/**
 * Registers `get-service-mesh-status` in Backstage's actions registry, so tools
 * (MCP clients, agents) can read an entity's mesh status as the card does.
 */
export function registerStatusAction(options: {
  actionsRegistry: ActionsRegistryService;
  statusService: MeshStatusService;
  permissions: PermissionsService;
}) {
  options.actionsRegistry.register({
    name: 'get-service-mesh-status',
    title: 'Get the service mesh status of an entity',
    description:
      'Returns the mesh status of a catalog System or Component: control plane, membership, per service its workloads and sidecars, configured traffic weights and the observed split, request and error rates, Kiali health, findings about broken mesh config, and which sources answered.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The entity, e.g. system:default/sockshop or component:default/front-end',
            ),
        }),
      output: z =>
        z.object({
          status: z
            .object({})
            .passthrough()
            .describe('The MeshStatus document'),
        }),
    },
    examples: [
      {
        title: 'The mesh status of the SockShop system',
        input: { entityRef: 'system:default/sockshop' },
      },
    ],
    action: async ({ input, credentials }) => {
      let ref;
      try {
        ref = parseEntityRef(input.entityRef);
      } catch (error) {
        throw new InputError(`entityRef: ${(error as Error).message}`);
      }
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
      const status = await options.statusService.getStatus(ref, credentials);
      return {
        output: { status: status as unknown as Record<string, unknown> },
      };
    },
  });
}
