import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { writesOf } from '../cluster/actionWrites';
import { kinds } from '../cluster/kinds';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { istioApplyExamples } from './istioApply.examples';
import { nodeAgentsApply } from './nodeAgentsApply';
import {
  conditionTrue,
  controlPlaneNamespace,
  istioControlPlane,
  sailProgress,
} from './sailObjects';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  controlPlaneNamespace: fields
    .name('The control-plane namespace (default <user>-istio-system)')
    .optional(),
  name: fields
    .name(
      'The Istio name (default the user id); with InPlace also its revision',
    )
    .optional(),
  version: z
    .string()
    .regex(
      /^v\d+\.\d+(\.\d+|-latest)$/,
      'must be an Istio version like v1.30.3 or v1.30-latest',
    )
    .optional()
    .describe("The Istio version (default the Istio CRD's default)"),
  updateStrategy: z
    .enum(['InPlace', 'RevisionBased'])
    .default('InPlace')
    .describe(
      'InPlace upgrades istiod where it runs; RevisionBased makes a revision per version',
    ),
  dataplane: fields.dataplane(),
  profile: z
    .string()
    .min(1, 'must not be empty')
    .optional()
    .describe(
      "The Istio profile (default 'openshift', or 'openshift-ambient' for the ambient data plane)",
    ),
  cni: z
    .boolean()
    .default(false)
    .describe(
      "Also the cluster's IstioCNI (always with the ambient data plane, which needs it)",
    ),
  cniNamespace: fields.name("The IstioCNI's namespace").default('istio-cni'),
  ztunnelNamespace: fields
    .name("The ZTunnel's namespace (ambient)")
    .default('ztunnel'),
  timeoutSeconds: fields.timeoutSeconds(
    600,
    'the control plane to become Healthy',
  ),
};
export const istioApplyInput = z.object(inputShape);
export type IstioApplyParams = z.output<typeof istioApplyInput>;

/** The Istio's name: the user's, unless given. */
export const istioNameOf = (params: { user: string; name?: string }) =>
  params.name ?? params.user;

export function createIstioApplyAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:istio:apply',
    description:
      "Creates the user's control-plane namespace and an OSSM 3 (Sail) Istio discovering only the user's namespaces (with IstioCNI, and ZTunnel for ambient), then waits until it is Healthy and its revision Ready",
    examples: toTemplateExamples('servicemesh:istio:apply', istioApplyExamples),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        namespace: () => z.string().describe('The control-plane namespace'),
        name: () => z.string().describe('The Istio name'),
        revision: () =>
          z.string().describe("The Istio's active revision (istio.io/rev)"),
        version: () => z.string().describe('The Istio version running'),
      },
    },
    async handler(ctx) {
      const params = parseInput(istioApplyInput, ctx.input);
      const namespace = userNamespaces(params).controlPlane;
      const name = istioNameOf(params);
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:istio:apply', params),
      );
      const { cluster, applier } = session;
      const ambient = params.dataplane === 'ambient';
      await applier.apply(controlPlaneNamespace(params.user, namespace));
      const { object: istio } = await applier.apply(
        istioControlPlane({
          user: params.user,
          name,
          namespace,
          version: params.version,
          profile:
            params.profile ?? (ambient ? 'openshift-ambient' : 'openshift'),
          updateStrategy: params.updateStrategy,
        }),
      );
      const version: string = istio.spec?.version ?? params.version ?? '';
      const agents = await nodeAgentsApply(session, {
        user: params.user,
        version,
        cni: params.cni || ambient,
        ztunnel: ambient,
        cniNamespace: params.cniNamespace,
        ztunnelNamespace: params.ztunnelNamespace,
      });

      let revision = name;
      await session.waitFor({
        what: `Istio ${name} to become Healthy with its revision Ready${
          agents.length ? ` (and ${agents.join(', ')} Ready)` : ''
        }`,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () => {
          const live = await cluster.read(kinds.istio, name);
          const active: string | undefined = live?.status?.activeRevisionName;
          const current =
            (live?.status?.observedGeneration ?? 0) >=
            (live?.metadata.generation ?? 1);
          const rev = active
            ? await cluster.read(kinds.istioRevision, active)
            : undefined;
          const waiting: string[] = [];
          for (const agent of agents) {
            const kind = agent === 'IstioCNI' ? kinds.istioCni : kinds.ztunnel;
            const object = await cluster.read(kind, 'default');
            if (!conditionTrue(object, 'Ready'))
              waiting.push(`${agent} ${sailProgress(object)}`);
          }
          if (active) revision = active;
          const healthy = live?.status?.state === 'Healthy' && current;
          const revisionReady = conditionTrue(rev, 'Ready');
          return {
            done: healthy && revisionReady && waiting.length === 0,
            progress: [
              `Istio ${sailProgress(live)}`,
              active
                ? `IstioRevision ${active} ${
                    revisionReady ? 'Ready' : sailProgress(rev)
                  }`
                : 'no active revision yet',
              ...waiting,
            ].join('; '),
          };
        },
      });

      ctx.output('namespace', namespace);
      ctx.output('name', name);
      ctx.output('revision', revision);
      ctx.output('version', version);
    },
  });
}
