import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { writesOf } from '../cluster/actionWrites';
import { kinds } from '../cluster/kinds';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { istioNameOf } from './istioApply';
import { membersLabelExamples } from './membersLabel.examples';
import {
  conditionTrue,
  defaultRevisionTag,
  defaultTagConflict,
  labelledNamespace,
  memberLabels,
  sailProgress,
} from './sailObjects';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields
    .name('The namespace to add to the mesh (default <user>-sockshop)')
    .optional(),
  istio: fields
    .name('The Istio whose mesh it joins (default the user id)')
    .optional(),
  dataplane: fields.dataplane(),
  injection: z
    .enum(['revision', 'default-tag'])
    .default('revision')
    .describe(
      "Sidecars: 'revision' labels the namespace istio.io/rev=<the Istio's active revision>; 'default-tag' labels it istio-injection=enabled and points the cluster's `default` IstioRevisionTag at the Istio",
    ),
  timeoutSeconds: fields.timeoutSeconds(
    300,
    'the revision to take the namespace in',
  ),
};
export const membersLabelInput = z.object(inputShape);

export function createMembersLabelAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:members:label',
    description:
      "Adds a namespace to an OSSM 3 (Sail) mesh by labels: discovered by the user's Istio and injected by its revision (istio.io/rev, or istio-injection with the default tag), or in the ambient data plane; waits until the revision is in use",
    examples: toTemplateExamples(
      'servicemesh:members:label',
      membersLabelExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        namespace: () => z.string().describe('The member namespace'),
        labels: () =>
          z.record(z.string()).describe('The labels that make it a member'),
      },
    },
    async handler(ctx) {
      const params = parseInput(membersLabelInput, ctx.input);
      const namespace = userNamespaces(params).app;
      const istioName = istioNameOf({ user: params.user, name: params.istio });
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:members:label', params),
      );
      const { cluster, applier, dryRun } = session;
      const sidecars = params.dataplane === 'sidecar';

      const istio = await cluster.read(kinds.istio, istioName);
      if (!istio && !dryRun) {
        throw new InputError(
          `istio names Istio '${istioName}', which the cluster lacks (servicemesh:istio:apply makes it)`,
        );
      }
      // a dry run of the whole template has not made the Istio: InPlace names the revision after it
      const revision: string = istio?.status?.activeRevisionName ?? istioName;
      const labels = memberLabels({
        user: params.user,
        dataplane: params.dataplane,
        injection: params.injection,
        revision,
      });
      const live = await cluster.read(kinds.namespace, namespace);
      if (!live && !dryRun) {
        throw new InputError(
          `namespace names '${namespace}', which does not exist`,
        );
      }

      if (sidecars && params.injection === 'default-tag') {
        const conflict = defaultTagConflict(
          await cluster.read(kinds.istioRevisionTag, 'default'),
          istioName,
          params.user,
        );
        if (conflict) throw new InputError(`injection ${conflict}`);
        await applier.apply(defaultRevisionTag(params.user, istioName));
      }
      if (live) {
        await applier.apply(labelledNamespace(live, labels));
      } else {
        ctx.logger.info(
          `Namespace ${namespace}: would be labelled ${Object.entries(labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(
              ', ',
            )} once it exists (this dry run wrote nothing before this step)`,
        );
      }

      // the operator's own signal that a namespace selects the revision (sidecars);
      // ambient namespaces are served by ztunnel, which servicemesh:istio:apply waited for
      await session.waitFor({
        what: sidecars
          ? `IstioRevision ${revision} to be in use by ${namespace}`
          : `IstioRevision ${revision} to be Ready for ${namespace}`,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () => {
          const rev = await cluster.read(kinds.istioRevision, revision);
          const ready = conditionTrue(rev, 'Ready');
          const inUse = conditionTrue(rev, 'InUse');
          const use = inUse ? ', in use' : ', not in use yet';
          return {
            done: ready && (!sidecars || inUse),
            progress: `${sailProgress(rev)}${sidecars ? use : ''}`,
          };
        },
      });
      ctx.output('namespace', namespace);
      ctx.output('labels', labels);
    },
  });
}
