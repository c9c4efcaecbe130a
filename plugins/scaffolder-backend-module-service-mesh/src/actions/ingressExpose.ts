import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { kinds } from '../cluster/kinds';
import { KubeObject } from '../cluster/meshCluster';
import { originalStateOf } from '../cluster/ownership';
import { writesOf } from '../cluster/actionWrites';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { ingressExposeExamples } from './ingressExpose.examples';
import {
  IngressNames,
  frontEndVirtualService,
  gateway,
  gatewayRoute,
  publicHost,
  restorable,
} from './ingressObjects';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  appsDomain: fields.domain(
    "The cluster's apps domain, e.g. apps.cluster.example.com",
  ),
  namespace: fields
    .name('The SockShop namespace (default <user>-sockshop)')
    .optional(),
  controlPlaneNamespace: fields
    .name('The control-plane namespace (default <user>-istio-system)')
    .optional(),
  gateway: fields.name('The Gateway name').default('sockshop-wildcard-gateway'),
  virtualService: fields
    .name('The VirtualService name')
    .default('front-end-virtualservice'),
  service: fields.name('The front-end Service').default('front-end'),
  servicePort: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(65535, 'must be at most 65535')
    .default(80)
    .describe('The front-end Service port'),
};
export const ingressExposeInput = z.object(inputShape);

export function createIngressExposeAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:ingress:expose',
    description:
      'Routes the front end through the mesh ingress gateway: Gateway, VirtualService, a Route to istio-ingressgateway, and removal of the old front-end Route',
    examples: toTemplateExamples(
      'servicemesh:ingress:expose',
      ingressExposeExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        url: () => z.string().describe('The application URL through the mesh'),
      },
    },
    async handler(ctx) {
      const params = parseInput(ingressExposeInput, ctx.input);
      const namespaces = userNamespaces(params);
      const names: IngressNames = {
        ...params,
        app: namespaces.app,
        controlPlane: namespaces.controlPlane,
      };
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:ingress:expose', params),
      );
      const { cluster, applier } = session;

      const liveVs = await cluster.read(
        kinds.virtualService,
        names.virtualService,
        names.app,
      );
      await applier.apply(gateway(names));
      await applier.apply(frontEndVirtualService(names, liveVs));

      // the old Route is remembered before it is deleted, so a run stopped in between still knows it
      const newRoute = gatewayRoute(names);
      const replacedJson = await ctx.checkpoint({
        key: `replaced-route-${names.app}-${names.service}`,
        fn: async () => {
          const old = await cluster.read(kinds.route, names.service, names.app);
          if (old) return JSON.stringify(restorable(old));
          const live = await cluster.read(
            kinds.route,
            newRoute.metadata.name,
            names.controlPlane,
          );
          const state = live && originalStateOf(live);
          return state && 'replaces' in state
            ? JSON.stringify(state.replaces)
            : '';
        },
      });
      const replaced: KubeObject | undefined = replacedJson
        ? JSON.parse(replacedJson)
        : undefined;
      const removed = await cluster.remove(
        kinds.route,
        names.service,
        names.app,
        session.dryRun,
      );
      if (removed) {
        ctx.logger.info(
          `Route ${names.app}/${names.service}: ${
            session.dryRun ? 'would be deleted' : 'deleted'
          } (it bypassed the mesh)`,
        );
      }
      await applier.apply(gatewayRoute(names, replaced));

      const url = `http://${publicHost(names)}`;
      ctx.logger.info(`SockShop through the mesh: ${url}`);
      ctx.output('url', url);
    },
  });
}
