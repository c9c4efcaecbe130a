import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { writesOf } from '../cluster/actionWrites';
import { kinds } from '../cluster/kinds';
import { KubeObject } from '../cluster/meshCluster';
import {
  managedLabels,
  originalStateAnnotation,
  originalStateOf,
} from '../cluster/ownership';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { canaryDeployment } from './canaryObjects';
import { canaryServicesExamples } from './canaryServices.examples';
import { toTemplateExamples } from './exampleStep';
import {
  versionService,
  versionServiceName,
  weightedHttpRoute,
} from './gatewayApiObjects';
import { appVersionLabels, rolloutState } from './workloads';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields
    .name('The application namespace (default <user>-sockshop)')
    .optional(),
  service: fields.name('The Deployment and Service to canary'),
  image: fields.image('The image of the v2 Deployment'),
  weights: fields
    .weights(
      'Traffic per version (v1, v2) over the Services <service>-<version>, whole numbers summing to 100',
    )
    .default({ v1: 80, v2: 20 }),
  httpRoute: fields
    .name('The HTTPRoute to split (default the service name)')
    .optional(),
  timeoutSeconds: fields.timeoutSeconds(300, 'the v1 and v2 pods to be ready'),
};
export const canaryServicesInput = z.object(inputShape);

/** v1's pod template labelled `version: v1` (and `app`), as an apply of only those fields. */
function versionLabelled(v1: KubeObject, user: string): KubeObject {
  return {
    apiVersion: kinds.deployment.apiVersion,
    kind: kinds.deployment.kind,
    metadata: {
      name: v1.metadata.name,
      namespace: v1.metadata.namespace,
      labels: managedLabels(user),
      annotations: originalStateAnnotation(
        originalStateOf(v1) ?? { changed: true },
      ),
    },
    spec: {
      template: { metadata: { labels: appVersionLabels(v1) } },
    },
  };
}

export function createCanaryServicesAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:canary:services',
    description:
      'The canary the Gateway API way: deploys <service>-v2 beside v1 with another image, a Service per version (<service>-v1, <service>-v2) and weighted backendRefs in the HTTPRoute, once both versions are ready',
    examples: toTemplateExamples(
      'servicemesh:canary:services',
      canaryServicesExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        deployment: () => z.string().describe('The v2 Deployment'),
        services: () =>
          z.array(z.string()).describe('The per-version Services'),
        weights: () =>
          z.record(z.number()).describe('The weights now in effect'),
      },
    },
    async handler(ctx) {
      const params = parseInput(canaryServicesInput, ctx.input);
      const namespace = userNamespaces(params).app;
      const routeName = params.httpRoute ?? params.service;
      const services = Object.keys(params.weights).map(v =>
        versionServiceName(params.service, v),
      );
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:canary:services', params),
      );
      const { cluster, applier, dryRun } = session;

      const v1 = await cluster.read(
        kinds.deployment,
        params.service,
        namespace,
      );
      const base = await cluster.read(kinds.service, params.service, namespace);
      const route = await cluster.read(kinds.httpRoute, routeName, namespace);
      const missing = [
        !v1 && `Deployment '${params.service}'`,
        !base && `Service '${params.service}'`,
        !route && `HTTPRoute '${routeName}'`,
      ].filter(Boolean);
      if (missing.length > 0 && dryRun) {
        // a dry run of the whole template has made none of them yet
        ctx.logger.info(
          `Deployment ${namespace}/${
            params.service
          }-v2, Services ${services.join(
            ', ',
          )} and the weights of HTTPRoute ${routeName}: would be made once ${missing.join(
            ', ',
          )} exist (this dry run wrote nothing before this step)`,
        );
        ctx.output('deployment', `${params.service}-v2`);
        ctx.output('services', services);
        ctx.output('weights', params.weights);
        return;
      }
      if (!v1 || !base) {
        throw new InputError(
          `service names ${missing
            .filter(m => !String(m).startsWith('HTTPRoute'))
            .join(' and ')}, which namespace '${namespace}' lacks`,
        );
      }
      if (!route) {
        throw new InputError(
          `httpRoute names HTTPRoute '${routeName}', which namespace '${namespace}' lacks (servicemesh:gateway:expose makes it)`,
        );
      }
      // the v1 Service selects by version: pods without the label would get none of its traffic
      const labelled = Boolean(v1.spec?.template?.metadata?.labels?.version);
      // v2 is made from v1 as it is now, labels included
      const current = labelled
        ? v1
        : (await applier.apply(versionLabelled(v1, params.user))).object;
      const v2 = canaryDeployment(current, params.image, params.user);
      await applier.apply(v2);
      for (const version of Object.keys(params.weights)) {
        await applier.apply(versionService(base, version, params.user));
      }

      const names = [params.service, v2.metadata.name];
      await session.waitFor({
        what: `Deployments ${names
          .map(name => `${namespace}/${name}`)
          .join(', ')} to be ready`,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () => {
          const pods = await cluster.list(kinds.pod, namespace);
          const states = [];
          for (const name of names) {
            const live = await cluster.read(kinds.deployment, name, namespace);
            states.push(
              live
                ? rolloutState(live, pods, false)
                : { done: false, summary: `${name} not created yet` },
            );
          }
          return {
            done: states.every(s => s.done),
            progress: states.map(s => s.summary).join(', '),
          };
        },
      });
      // weights only once both versions answer, so the split never sends requests to pods that are not ready
      const liveRoute = await cluster.read(
        kinds.httpRoute,
        routeName,
        namespace,
      );
      await applier.apply(
        weightedHttpRoute(liveRoute ?? route, {
          service: params.service,
          user: params.user,
          weights: params.weights,
        }),
      );
      ctx.output('deployment', v2.metadata.name);
      ctx.output('services', services);
      ctx.output('weights', params.weights);
    },
  });
}
