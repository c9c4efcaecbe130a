import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { namespaceLocationPath } from '@service-mesh/plugin-service-mesh-common';
import { z } from 'zod/v3';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { catalogUnregisterExamples } from './catalogUnregister.examples';
import { namespaceLocations } from '@service-mesh/plugin-service-mesh-node';
import { writesOf } from '../cluster/actionWrites';
import { authorizeWrite } from '../cluster/authorizeWrite';
import { CatalogActionOptions, requireCatalog } from './catalogLocations';
import { toTemplateExamples } from './exampleStep';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields
    .name('The SockShop namespace (default <user>-sockshop)')
    .optional(),
};
export const catalogUnregisterInput = z.object(inputShape);

export function createCatalogUnregisterAction(options: CatalogActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:catalog:unregister',
    description:
      "Removes the catalog location that servicemesh:catalog:register added for the user's namespace, and with it the System, Components and Resources",
    examples: toTemplateExamples(
      'servicemesh:catalog:unregister',
      catalogUnregisterExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        removed: () =>
          z.number().describe('How many catalog locations were removed'),
      },
    },
    async handler(ctx) {
      const params = parseInput(catalogUnregisterInput, ctx.input);
      const { catalog, auth } = requireCatalog(options);
      const namespace = userNamespaces(params).app;
      await authorizeWrite(options.authorizer, ctx, {
        ...writesOf('servicemesh:catalog:unregister', params),
        cluster: params.cluster,
      });
      const credentials = await auth.getOwnServiceCredentials();
      const locations = await namespaceLocations(catalog, credentials, {
        cluster: params.cluster,
        namespace,
      });
      if (locations.length === 0) {
        ctx.logger.info(
          `catalog location ${namespaceLocationPath({
            cluster: params.cluster,
            namespace,
          })}: unchanged (not registered)`,
        );
      }
      for (const location of locations) {
        if (!ctx.isDryRun) {
          await catalog.removeLocationById(location.id, { credentials });
        }
        ctx.logger.info(
          `catalog location ${location.target}: ${
            ctx.isDryRun ? 'would be removed' : 'removed'
          } with its entities`,
        );
      }
      ctx.output('removed', ctx.isDryRun ? 0 : locations.length);
    },
  });
}
