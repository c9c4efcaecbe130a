import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { kinds } from '../cluster/kinds';
import { writesOf } from '../cluster/actionWrites';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import {
  canaryDeployment,
  subsetRule,
  weightedVirtualService,
} from './canaryObjects';
import { canaryDeployExamples } from './canaryDeploy.examples';
import { toTemplateExamples } from './exampleStep';
import { rolloutState } from './workloads';

export const GUIDE_CANARY_IMAGE = 'mosuke5/front-end:master-49c0d1f';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields
    .name('The SockShop namespace (default <user>-sockshop)')
    .optional(),
  service: fields
    .name('The Deployment and Service to canary')
    .default('front-end'),
  image: fields
    .image('The image of the v2 Deployment')
    .default(GUIDE_CANARY_IMAGE),
  weights: fields
    .weights('Traffic per subset (v1, v2), whole numbers summing to 100')
    .default({ v1: 80, v2: 20 }),
  virtualService: fields
    .name('The VirtualService to split')
    .default('front-end-virtualservice'),
  timeoutSeconds: fields.timeoutSeconds(300, 'the v2 pods to be ready'),
};
export const canaryDeployInput = z.object(inputShape);

export function createCanaryDeployAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:canary:deploy',
    description:
      'Deploys <service>-v2 beside v1 with another image, a DestinationRule with subsets v1 and v2, and weighted routes in the VirtualService',
    examples: toTemplateExamples(
      'servicemesh:canary:deploy',
      canaryDeployExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        deployment: () => z.string().describe('The v2 Deployment'),
        weights: () =>
          z.record(z.number()).describe('The weights now in effect'),
      },
    },
    async handler(ctx) {
      const params = parseInput(canaryDeployInput, ctx.input);
      const namespace = userNamespaces(params).app;
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:canary:deploy', params),
      );
      const { cluster, applier } = session;

      const v1 = await cluster.read(
        kinds.deployment,
        params.service,
        namespace,
      );
      if (!v1 && session.dryRun) {
        // a dry run of the whole template has not deployed SockShop yet
        ctx.logger.info(
          `Deployment ${namespace}/${params.service}-v2, its DestinationRule and VirtualService: would be created once Deployment ${params.service} exists (this dry run wrote nothing before this step)`,
        );
        ctx.output('deployment', `${params.service}-v2`);
        ctx.output('weights', params.weights);
        return;
      }
      if (!v1) {
        throw new InputError(
          `service names Deployment '${params.service}', which namespace '${namespace}' lacks`,
        );
      }
      if (!v1.spec?.template?.metadata?.labels?.version) {
        ctx.logger.warn(
          `${params.service} has no version label on its pods; subset v1 matches nothing until servicemesh:sidecars:inject adds it`,
        );
      }
      const v2 = canaryDeployment(v1, params.image, params.user);
      await applier.apply(v2);
      const liveRule = await cluster.read(
        kinds.destinationRule,
        params.service,
        namespace,
      );
      await applier.apply(
        subsetRule(
          {
            service: params.service,
            namespace,
            user: params.user,
            subsets: Object.keys(params.weights),
          },
          liveRule,
        ),
      );
      const what = `Deployment ${namespace}/${v2.metadata.name} to be ready`;
      await session.waitFor({
        what,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () => {
          const live = await cluster.read(
            kinds.deployment,
            v2.metadata.name,
            namespace,
          );
          if (!live) return { done: false, progress: 'not created yet' };
          const pods = await cluster.list(kinds.pod, namespace);
          const state = rolloutState(live, pods, false);
          return { done: state.done, progress: state.summary };
        },
      });
      // routes only once v2 answers, so the shift never sends requests to pods that are not ready
      const liveVs = await cluster.read(
        kinds.virtualService,
        params.virtualService,
        namespace,
      );
      await applier.apply(
        weightedVirtualService(
          {
            name: params.virtualService,
            namespace,
            service: params.service,
            user: params.user,
            weights: params.weights,
          },
          liveVs,
        ),
      );

      ctx.output('deployment', v2.metadata.name);
      ctx.output('weights', params.weights);
    },
  });
}
