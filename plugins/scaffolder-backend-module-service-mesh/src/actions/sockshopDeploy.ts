import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { loadAllYaml } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import { MAISTRA_MEMBER_OF_LABEL } from '@service-mesh/plugin-service-mesh-common';
import { z } from 'zod/v3';
import { isNotFound } from '../cluster/errors';
import { kindOf, kinds } from '../cluster/kinds';
import { KubeObject } from '../cluster/meshCluster';
import { managedLabels, originalStateAnnotation } from '../cluster/ownership';
import { writesOf } from '../cluster/actionWrites';
import {
  MeshActionOptions,
  MeshSession,
  openSession,
} from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { sockshopDeployExamples } from './sockshopDeploy.examples';
import { rolloutState } from './workloads';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields
    .name('The SockShop namespace (default <user>-sockshop)')
    .optional(),
  manifests: z
    .string()
    .min(1, 'must not be empty')
    .refine(p => !path.isAbsolute(p) && !p.split(/[\\/]/).includes('..'), {
      message: 'must be a path inside the workspace (no leading / and no ..)',
    })
    .default('sockshop')
    .describe(
      'The workspace folder with the SockShop manifests (fetched by fetch:plain)',
    ),
  timeoutSeconds: fields.timeoutSeconds(600, 'every SockShop pod to be ready'),
};
export const sockshopDeployInput = z.object(inputShape);

/** Creates the object unless it exists; true when it was (or would be) created. */
async function createIfMissing(
  session: MeshSession,
  object: KubeObject,
): Promise<boolean> {
  const kind = { ...kindOf(object), apiVersion: object.apiVersion };
  const where = `${object.kind} ${
    object.metadata.namespace ? `${object.metadata.namespace}/` : ''
  }${object.metadata.name}`;
  if (
    await session.cluster.read(
      kind,
      object.metadata.name,
      object.metadata.namespace,
    )
  ) {
    session.logger.info(`${where}: unchanged`);
    return false;
  }
  try {
    await session.cluster.create(object, session.dryRun);
  } catch (error) {
    // in a dry run the namespace is not created, so what goes into it cannot be checked
    if (!(session.dryRun && isNotFound(error))) throw error;
  }
  session.logger.info(
    `${where}: ${session.dryRun ? 'would be created' : 'created'}`,
  );
  return true;
}

/** The objects of every YAML file in the folder, in file-name order. */
export function readManifests(folder: string): KubeObject[] {
  if (!fs.existsSync(folder)) {
    throw new InputError(
      `manifests names a folder the workspace lacks: ${folder}`,
    );
  }
  return fs
    .readdirSync(folder)
    .filter(file => /\.ya?ml$/.test(file))
    .sort()
    .flatMap(file =>
      loadAllYaml(fs.readFileSync(path.join(folder, file), 'utf8')),
    )
    .filter(Boolean);
}

export function createSockshopDeployAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:sockshop:deploy',
    description:
      "Deploys SockShop into the user's namespace from the template's manifests, unless it already runs there",
    examples: toTemplateExamples(
      'servicemesh:sockshop:deploy',
      sockshopDeployExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        deployed: () =>
          z
            .boolean()
            .describe(
              'Whether SockShop was deployed (false when it already ran)',
            ),
      },
    },
    async handler(ctx) {
      const params = parseInput(sockshopDeployInput, ctx.input);
      const namespace = userNamespaces(params).app;
      const manifests = readManifests(
        path.join(ctx.workspacePath, params.manifests),
      );
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:sockshop:deploy', params),
      );

      // once in the mesh the later steps own SockShop (they replace its Route, for one)
      const liveNamespace = await session.cluster.read(
        kinds.namespace,
        namespace,
      );
      if (liveNamespace?.metadata.labels?.[MAISTRA_MEMBER_OF_LABEL]) {
        ctx.logger.info(
          `SockShop's namespace '${namespace}' is already in a mesh; nothing to deploy`,
        );
        ctx.output('deployed', false);
        return;
      }
      // only what is missing is created, so SockShop that runs already (or half of it) is kept as it is
      const labelled = (object: KubeObject): KubeObject => ({
        ...object,
        metadata: {
          ...object.metadata,
          namespace,
          labels: {
            ...(object.metadata.labels ?? {}),
            ...managedLabels(params.user),
          },
          annotations: {
            ...(object.metadata.annotations ?? {}),
            ...originalStateAnnotation({ deployed: true }),
          },
        },
      });
      const namespaceObject: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: managedLabels(params.user) },
      };
      let created = 0;
      for (const object of [namespaceObject, ...manifests.map(labelled)]) {
        if (await createIfMissing(session, object)) created += 1;
      }
      if (created === 0) {
        ctx.logger.info(
          `SockShop already runs in '${namespace}'; nothing to deploy`,
        );
      }

      const deployments = manifests
        .filter(m => m.kind === 'Deployment')
        .map(m => m.metadata.name);
      const what = `the ${deployments.length} SockShop Deployments in ${namespace} to be ready`;
      await session.waitFor({
        what,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () => {
          const live = await session.cluster.list(kinds.deployment, namespace);
          const pods = await session.cluster.list(kinds.pod, namespace);
          const states = live
            .filter(d => deployments.includes(d.metadata.name))
            .map(d => rolloutState(d, pods, false));
          const ready = states.filter(s => s.done).length;
          return {
            done: ready === deployments.length,
            progress: `${ready}/${deployments.length} Deployments ready`,
          };
        },
      });
      ctx.output('deployed', created > 0);
    },
  });
}
