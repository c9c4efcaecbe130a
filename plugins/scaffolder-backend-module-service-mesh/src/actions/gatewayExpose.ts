import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { writesOf } from '../cluster/actionWrites';
import { isMissingKind } from '../cluster/errors';
import { kinds } from '../cluster/kinds';
import { KubeObject, MeshCluster } from '../cluster/meshCluster';
import { originalStateOf } from '../cluster/ownership';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { gatewayExposeExamples } from './gatewayExpose.examples';
import {
  GatewayIngressNames,
  gatewayProgrammed,
  gatewayServiceName,
  gatewayServiceRoute,
  ingressGateway,
  ingressHttpRoute,
} from './gatewayApiObjects';
import { publicHost, restorable } from './ingressObjects';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  appsDomain: fields.domain(
    "The cluster's apps domain, e.g. apps.cluster.example.com",
  ),
  namespace: fields
    .name('The application namespace (default <user>-sockshop)')
    .optional(),
  service: fields.name('The Service to expose'),
  servicePort: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(65535, 'must be at most 65535')
    .default(80)
    .describe('The Service port'),
  gateway: fields.name('The Gateway (default <service>-gateway)').optional(),
  gatewayClassName: fields
    .name("The GatewayClass (OSSM 3's istiod serves 'istio')")
    .default('istio'),
  httpRoute: fields.name('The HTTPRoute (default the service name)').optional(),
  route: fields
    .name(
      'The OpenShift Route to the Gateway, replacing one of that name (default the service name)',
    )
    .optional(),
  timeoutSeconds: fields.timeoutSeconds(300, 'the Gateway to be Programmed'),
};
export const gatewayExposeInput = z.object(inputShape);

/** The names the ingress objects get, from the input's defaults. */
export function gatewayIngressNames(
  params: z.output<typeof gatewayExposeInput>,
): GatewayIngressNames {
  return {
    user: params.user,
    app: userNamespaces(params).app,
    appsDomain: params.appsDomain,
    service: params.service,
    servicePort: params.servicePort,
    gateway: params.gateway ?? `${params.service}-gateway`,
    gatewayClassName: params.gatewayClassName,
    httpRoute: params.httpRoute ?? params.service,
    route: params.route ?? params.service,
  };
}

/** Whether the cluster serves OpenShift Routes at all. */
async function servesRoutes(cluster: MeshCluster, namespace: string) {
  try {
    await cluster.list(kinds.route, namespace, undefined, 1);
    return true;
  } catch (error) {
    if (isMissingKind(error)) return false;
    throw error;
  }
}

/** A Route this action made: it remembers what it replaced, or already goes to the Gateway. */
const isGatewayRoute = (route: KubeObject, n: GatewayIngressNames) => {
  const state = originalStateOf(route);
  return (
    (state !== undefined && 'replaces' in state) ||
    route.spec?.to?.name === gatewayServiceName(n.gateway)
  );
};

export function createGatewayExposeAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:gateway:expose',
    description:
      'Routes a Service through a Gateway API ingress (OSSM 3 / upstream Istio): a Gateway, an HTTPRoute for the public host and, on OpenShift, a Route to the Gateway in place of the Route that bypassed the mesh; waits until the Gateway is Programmed',
    examples: toTemplateExamples(
      'servicemesh:gateway:expose',
      gatewayExposeExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        url: () => z.string().describe('The application URL through the mesh'),
        gateway: () => z.string().describe('The Gateway'),
        httpRoute: () => z.string().describe('The HTTPRoute'),
      },
    },
    async handler(ctx) {
      const params = parseInput(gatewayExposeInput, ctx.input);
      const n = gatewayIngressNames(params);
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:gateway:expose', params),
      );
      const { cluster, applier, dryRun } = session;

      const liveRoute = await cluster.read(kinds.httpRoute, n.httpRoute, n.app);
      await applier.apply(ingressGateway(n));
      await applier.apply(ingressHttpRoute(n, liveRoute));

      if (await servesRoutes(cluster, n.app)) {
        // the old Route is remembered before it is deleted, so a run stopped in between still knows it
        const replacedJson = await ctx.checkpoint({
          key: `replaced-route-${n.app}-${n.route}`,
          fn: async () => {
            const live = await cluster.read(kinds.route, n.route, n.app);
            if (!live) return '';
            if (!isGatewayRoute(live, n))
              return JSON.stringify(restorable(live));
            const state = originalStateOf(live);
            return state && 'replaces' in state
              ? JSON.stringify(state.replaces)
              : '';
          },
        });
        const replaced: KubeObject | undefined = replacedJson
          ? JSON.parse(replacedJson)
          : undefined;
        const live = await cluster.read(kinds.route, n.route, n.app);
        if (live && !isGatewayRoute(live, n) && dryRun) {
          ctx.logger.info(
            `Route ${n.app}/${
              n.route
            }: would be replaced by one to the Gateway's Service ${gatewayServiceName(
              n.gateway,
            )} (it bypassed the mesh)`,
          );
        } else {
          if (live && !isGatewayRoute(live, n)) {
            await cluster.remove(kinds.route, n.route, n.app, dryRun);
            ctx.logger.info(
              `Route ${n.app}/${n.route}: deleted (it bypassed the mesh)`,
            );
          }
          await applier.apply(gatewayServiceRoute(n, replaced));
        }
      } else {
        ctx.logger.info(
          'The cluster serves no OpenShift Routes: expose the Gateway as its platform does (a LoadBalancer Service)',
        );
      }

      await session.waitFor({
        what: `Gateway ${n.app}/${n.gateway} to be Programmed`,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () =>
          gatewayProgrammed(
            await cluster.read(kinds.gatewayApiGateway, n.gateway, n.app),
          ),
      });
      const url = `http://${publicHost(n)}`;
      ctx.logger.info(`${n.service} through the mesh: ${url}`);
      ctx.output('url', url);
      ctx.output('gateway', n.gateway);
      ctx.output('httpRoute', n.httpRoute);
    },
  });
}
