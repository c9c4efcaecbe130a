import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { USE_WAYPOINT_LABEL } from '@service-mesh/plugin-service-mesh-common';
import { z } from 'zod/v3';
import { writesOf } from '../cluster/actionWrites';
import { kinds } from '../cluster/kinds';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { gatewayProgrammed, waypointGateway } from './gatewayApiObjects';
import { labelledNamespace } from './sailObjects';
import { waypointApplyExamples } from './waypointApply.examples';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields
    .name('The ambient namespace (default <user>-sockshop)')
    .optional(),
  name: fields.name('The waypoint Gateway').default('waypoint'),
  timeoutSeconds: fields.timeoutSeconds(300, 'the waypoint to be Programmed'),
};
export const waypointApplyInput = z.object(inputShape);

export function createWaypointApplyAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:waypoint:apply',
    description:
      "Gives an ambient namespace's Services L7 (routing rules, DestinationRules, request metrics): a waypoint Gateway (class istio-waypoint), then, once it is Programmed, the namespace's istio.io/use-waypoint label",
    examples: toTemplateExamples(
      'servicemesh:waypoint:apply',
      waypointApplyExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        waypoint: () => z.string().describe('The waypoint Gateway'),
      },
    },
    async handler(ctx) {
      const params = parseInput(waypointApplyInput, ctx.input);
      const namespace = userNamespaces(params).app;
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:waypoint:apply', params),
      );
      const { cluster, applier } = session;
      await applier.apply(
        waypointGateway({ name: params.name, namespace, user: params.user }),
      );
      // traffic goes through the waypoint only once it runs
      await session.waitFor({
        what: `waypoint ${namespace}/${params.name} to be Programmed`,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () =>
          gatewayProgrammed(
            await cluster.read(kinds.gatewayApiGateway, params.name, namespace),
          ),
      });
      const live = await cluster.read(kinds.namespace, namespace);
      if (live) {
        await applier.apply(
          labelledNamespace(live, { [USE_WAYPOINT_LABEL]: params.name }),
        );
      }
      ctx.output('waypoint', params.name);
    },
  });
}
