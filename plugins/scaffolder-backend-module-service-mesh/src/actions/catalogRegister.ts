import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatNamespaceLocationTarget,
  NAMESPACE_LOCATION_TYPE,
} from '@service-mesh/plugin-service-mesh-common';
import {
  findCluster,
  readClusters,
} from '@service-mesh/plugin-service-mesh-node';
import { z } from 'zod/v3';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { catalogRegisterExamples } from './catalogRegister.examples';
import { writesOf } from '../cluster/actionWrites';
import { authorizeWrite } from '../cluster/authorizeWrite';
import { CatalogActionOptions, requireCatalog } from './catalogLocations';
import { namespaceLocations } from '@service-mesh/plugin-service-mesh-node';
import { toTemplateExamples } from './exampleStep';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields
    .name('The SockShop namespace (default <user>-sockshop)')
    .optional(),
  system: fields
    .name(
      "The System's name; its entities live in the catalog namespace named after the Kubernetes one",
    )
    .default('sockshop'),
  owner: fields
    .entityRef(
      'Owner of the entities (default: the user who runs the template)',
    )
    .optional(),
  timeoutSeconds: fields.timeoutSeconds(60, 'the catalog to show the System'),
};
export const catalogRegisterInput = z.object(inputShape);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export function createCatalogRegisterAction(options: CatalogActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:catalog:register',
    description:
      "Registers the user's meshed namespace in the catalog: a System with a Component per service and a Resource per data store, annotated for their namespace and read from the cluster on every refresh",
    examples: toTemplateExamples(
      'servicemesh:catalog:register',
      catalogRegisterExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        entityRef: () =>
          z
            .string()
            .describe('The System, e.g. system:user2-sockshop/sockshop'),
        target: () => z.string().describe('The target of the catalog location'),
      },
    },
    async handler(ctx) {
      const params = parseInput(catalogRegisterInput, ctx.input);
      const owner = params.owner ?? ctx.user?.ref;
      if (!owner) {
        throw new InputError(
          'Invalid input: owner is required when the template runs without a signed-in user',
        );
      }
      findCluster(readClusters(options.config), params.cluster);
      const { catalog, auth } = requireCatalog(options);
      const namespace = userNamespaces(params).app;
      await authorizeWrite(options.authorizer, ctx, {
        ...writesOf('servicemesh:catalog:register', params),
        cluster: params.cluster,
        owner,
      });
      const target = formatNamespaceLocationTarget({
        cluster: params.cluster,
        namespace,
        system: params.system,
        owner,
      });
      const entityRef = `system:${namespace}/${params.system}`;
      // the rule above decided; the catalog write is the plugin's own, so that
      // catalog.location.create can stay an admin's permission
      const credentials = await auth.getOwnServiceCredentials();
      const location = { type: NAMESPACE_LOCATION_TYPE, target };
      ctx.output('entityRef', entityRef);
      ctx.output('target', target);

      const existing = await namespaceLocations(catalog, credentials, {
        cluster: params.cluster,
        namespace,
      });
      const same = existing.find(l => l.target === target);
      const stale = existing.filter(l => l !== same);

      if (ctx.isDryRun) {
        for (const old of stale) {
          ctx.logger.info(
            `catalog location ${old.type}:${old.target}: would be replaced`,
          );
        }
        if (same) {
          ctx.logger.info(`catalog location ${target}: unchanged`);
          return;
        }
        try {
          const preview = await catalog.addLocation(
            { ...location, dryRun: true },
            { credentials },
          );
          const refs = preview.entities
            .filter(e => e.kind !== 'Location')
            .map(
              e =>
                `${e.kind.toLocaleLowerCase('en-US')}:${e.metadata.namespace}/${
                  e.metadata.name
                }`,
            );
          ctx.logger.info(
            `catalog location ${target}: would be registered with ${refs.join(
              ', ',
            )}`,
          );
        } catch (error) {
          ctx.logger.info(
            `catalog location ${target}: would be registered once the namespace exists (the catalog says: ${
              (error as Error).message
            })`,
          );
        }
        return;
      }

      for (const old of stale) {
        await catalog.removeLocationById(old.id, { credentials });
        ctx.logger.info(
          `catalog location ${old.type}:${old.target}: removed (replaced by ${target})`,
        );
      }
      if (same) {
        ctx.logger.info(`catalog location ${target}: unchanged`);
      } else {
        await ctx.checkpoint({
          key: `catalog-register-${target}`,
          fn: async () => {
            await catalog.addLocation(location, { credentials });
          },
        });
        ctx.logger.info(`catalog location ${target}: registered`);
      }

      const deadline = Date.now() + params.timeoutSeconds * 1000;
      for (;;) {
        if (await catalog.getEntityByRef(entityRef, { credentials })) break;
        if (Date.now() >= deadline) {
          throw new Error(
            `timed out after ${params.timeoutSeconds}s waiting for the catalog to show ${entityRef}; the location's errors are on the catalog's Location entity`,
          );
        }
        await sleep(1000);
      }
      ctx.logger.info(`${entityRef}: in the catalog`);
    },
  });
}
