import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  MANAGED_BY_LABEL,
  SIDECAR_INJECT_ANNOTATION,
} from '@service-mesh/plugin-service-mesh-common';
import { z } from 'zod/v3';
import { kinds } from '../cluster/kinds';
import { KubeObject } from '../cluster/meshCluster';
import {
  managedLabels,
  originalStateAnnotation,
  originalStateOf,
} from '../cluster/ownership';
import { writesOf } from '../cluster/actionWrites';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { sidecarsInjectExamples } from './sidecarsInject.examples';
import {
  appVersionLabels,
  losesDataOnRestart,
  optsOutOfInjection,
  rolloutState,
} from './workloads';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields.name('The namespace (default <user>-sockshop)').optional(),
  deployments: z
    .array(fields.name('A Deployment name'))
    .min(1, 'must name at least one Deployment')
    .optional()
    .describe(
      'Only these Deployments (default every Deployment of the namespace)',
    ),
  timeoutSeconds: fields.timeoutSeconds(
    600,
    'every pod to run with its sidecar',
  ),
};
export const sidecarsInjectInput = z.object(inputShape);

/** The pod-template fields the guide's JSON patch sets, as an apply of our own fields. */
function injected(deployment: KubeObject, user: string): KubeObject {
  return {
    apiVersion: kinds.deployment.apiVersion,
    kind: kinds.deployment.kind,
    metadata: {
      name: deployment.metadata.name,
      namespace: deployment.metadata.namespace,
      labels: managedLabels(user),
      annotations: originalStateAnnotation(
        originalStateOf(deployment) ?? { changed: true },
      ),
    },
    spec: {
      template: {
        metadata: {
          annotations: { [SIDECAR_INJECT_ANNOTATION]: 'true' },
          labels: appVersionLabels(deployment),
        },
      },
    },
  };
}

export function createSidecarsInjectAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:sidecars:inject',
    description:
      'Asks for the Envoy sidecar on every Deployment of a namespace (app and version labels included) and waits until every pod runs with it',
    examples: toTemplateExamples(
      'servicemesh:sidecars:inject',
      sidecarsInjectExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        deployments: () =>
          z.array(z.string()).describe('The Deployments with sidecars'),
        dataLossWarnings: () =>
          z
            .array(z.string())
            .describe(
              'Workloads whose data the restart lost (no persistent volume)',
            ),
      },
    },
    async handler(ctx) {
      const params = parseInput(sidecarsInjectInput, ctx.input);
      const namespace = userNamespaces(params).app;
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:sidecars:inject', params),
      );

      const all = await session.cluster.list(kinds.deployment, namespace);
      const unknown = (params.deployments ?? []).filter(
        name => !all.some(d => d.metadata.name === name),
      );
      if (unknown.length > 0) {
        throw new InputError(
          `deployments names what namespace '${namespace}' lacks: ${unknown.join(
            ', ',
          )}`,
        );
      }
      // what the actions created (front-end-v2) is made with its sidecar settings; one more
      // apply with the same field manager would drop the rest of its spec
      const createdHere = (d: KubeObject) =>
        Boolean(d.metadata.labels?.[MANAGED_BY_LABEL]) && !originalStateOf(d);
      // a Deployment another controller runs (a Gateway's Envoy) or that opts out is not the app's
      const injectable = (d: KubeObject) =>
        !d.metadata.ownerReferences?.length && !optsOutOfInjection(d);
      const chosen = all.filter(
        d =>
          !createdHere(d) &&
          injectable(d) &&
          (!params.deployments || params.deployments.includes(d.metadata.name)),
      );
      const atRisk = chosen
        .filter(losesDataOnRestart)
        .map(d => d.metadata.name);
      for (const name of atRisk) {
        ctx.logger.warn(
          `${name} has no persistent volume: the pod restart for the sidecar loses its data`,
        );
      }
      await session.applier.applyAll(chosen.map(d => injected(d, params.user)));

      const what = `every pod in ${namespace} to run with its sidecar`;
      await session.waitFor({
        what,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () => {
          const deployments = await session.cluster.list(
            kinds.deployment,
            namespace,
          );
          const pods = await session.cluster.list(kinds.pod, namespace);
          const states = deployments
            .filter(d => chosen.some(c => c.metadata.name === d.metadata.name))
            .map(d => rolloutState(d, pods, true));
          const waiting = states.filter(s => !s.done);
          return {
            done: waiting.length === 0,
            progress: `${states.length - waiting.length}/${
              states.length
            } Deployments rolled out with sidecars${
              waiting.length
                ? `; waiting for ${waiting.map(s => s.summary).join(', ')}`
                : ''
            }`,
          };
        },
      });
      ctx.output(
        'deployments',
        chosen.map(d => d.metadata.name),
      );
      ctx.output('dataLossWarnings', atRisk);
    },
  });
}
