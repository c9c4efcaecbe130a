import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MANAGED_BY_LABEL } from '@service-mesh/plugin-service-mesh-common';
import { z } from 'zod/v3';
import { kinds } from '../cluster/kinds';
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
import { membersAddExamples } from './membersAdd.examples';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  controlPlaneNamespace: fields
    .name('The control-plane namespace (default <user>-istio-system)')
    .optional(),
  members: z
    .array(fields.name('A namespace to add to the mesh'))
    .min(1, 'must name at least one namespace')
    .optional()
    .describe('The namespaces to add (default <user>-sockshop)'),
  timeoutSeconds: fields.timeoutSeconds(300, 'the members to be configured'),
};
export const membersAddInput = z.object(inputShape);

export function createMembersAddAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:members:add',
    description:
      "Adds namespaces to the control plane's `default` ServiceMeshMemberRoll, keeping its other members, and waits until they are configured",
    examples: toTemplateExamples('servicemesh:members:add', membersAddExamples),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        members: () =>
          z.array(z.string()).describe('Every member of the roll now'),
      },
    },
    async handler(ctx) {
      const params = parseInput(membersAddInput, ctx.input);
      const namespaces = userNamespaces(params);
      const wanted = params.members ?? [namespaces.app];
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:members:add', params),
      );

      const live = await session.cluster.read(
        kinds.memberRoll,
        'default',
        namespaces.controlPlane,
      );
      const members = [...new Set([...(live?.spec?.members ?? []), ...wanted])];
      // a roll that existed before the template is only changed: teardown takes our members out
      // again instead of deleting it (and the mark is kept on later runs)
      const existedBefore =
        live &&
        (originalStateOf(live) !== undefined ||
          !live.metadata.labels?.[MANAGED_BY_LABEL]);
      await session.applier.apply({
        apiVersion: kinds.memberRoll.apiVersion,
        kind: kinds.memberRoll.kind,
        metadata: {
          name: 'default',
          namespace: namespaces.controlPlane,
          labels: managedLabels(params.user),
          ...(existedBefore
            ? { annotations: originalStateAnnotation({ changed: true }) }
            : {}),
        },
        spec: { members },
      });

      const what = `${wanted.join(', ')} to be configured members of ${
        namespaces.controlPlane
      }`;
      await session.waitFor({
        what,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () => {
          const roll = await session.cluster.read(
            kinds.memberRoll,
            'default',
            namespaces.controlPlane,
          );
          const configured: string[] = roll?.status?.configuredMembers ?? [];
          const pending = wanted.filter(m => !configured.includes(m));
          return {
            done: pending.length === 0,
            progress:
              pending.length === 0
                ? 'all configured'
                : `pending: ${pending.join(', ')}`,
          };
        },
      });
      ctx.output('members', members);
    },
  });
}
