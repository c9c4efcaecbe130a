import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { ClusterError, isMissingKind } from '../cluster/errors';
import { KindInfo, kinds } from '../cluster/kinds';
import {
  MeshActionOptions,
  MeshSession,
  openSession,
} from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { preflightExamples } from './preflight.examples';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId().optional(),
};
export const preflightInput = z.object(inputShape);

/** The kinds whose absence means an operator is missing. */
const requiredKinds: KindInfo[] = [
  kinds.controlPlane,
  kinds.memberRoll,
  kinds.virtualService,
  kinds.destinationRule,
  kinds.gateway,
  kinds.kiali,
  kinds.jaeger,
  kinds.elasticsearch,
  kinds.route,
];

async function missingKinds(session: MeshSession): Promise<KindInfo[]> {
  const missing: KindInfo[] = [];
  for (const kind of requiredKinds) {
    try {
      await session.cluster.list(kind, undefined, undefined, 1);
    } catch (error) {
      if (!isMissingKind(error)) throw error;
      missing.push(kind);
    }
  }
  return missing;
}

function missingOperatorsSentence(missing: KindInfo[]): string {
  const byProvider = new Map<string, string[]>();
  for (const kind of missing) {
    byProvider.set(kind.providedBy, [
      ...(byProvider.get(kind.providedBy) ?? []),
      kind.kind,
    ]);
  }
  return `The cluster lacks what the service mesh needs: ${[...byProvider]
    .map(([provider, names]) => `${provider} (no ${names.join(', ')})`)
    .join('; ')}`;
}

export function createPreflightAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:preflight',
    description:
      'Checks that the cluster answers, that the configured credentials may write what the templates write, and that the Service Mesh, Kiali, Jaeger and Elasticsearch operators are installed',
    examples: toTemplateExamples('servicemesh:preflight', preflightExamples),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        serverVersion: () =>
          z.string().describe('The Kubernetes version of the cluster'),
        sockshopPresent: () =>
          z
            .boolean()
            .describe(
              "Whether the user's SockShop namespace has a front-end Deployment",
            ),
      },
    },
    async handler(ctx) {
      const { cluster, user } = parseInput(preflightInput, ctx.input);
      const session = await openSession(options, cluster, ctx);
      const version = await session.cluster.serverVersion();
      ctx.logger.info(`Cluster '${cluster}' answers: Kubernetes ${version}`);

      const missing = await missingKinds(session);
      if (missing.length > 0)
        throw new ClusterError(missingOperatorsSentence(missing));
      ctx.logger.info(
        'Service Mesh, Kiali, Jaeger and Elasticsearch operators are installed',
      );

      let sockshopPresent = false;
      if (user) {
        const namespaces = userNamespaces({ user });
        // a dry-run apply proves the credentials may write, without writing
        await session.cluster.apply(
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: namespaces.controlPlane },
          },
          true,
        );
        ctx.logger.info(
          `The credentials may create namespace '${namespaces.controlPlane}'`,
        );
        sockshopPresent = Boolean(
          await session.cluster.read(
            kinds.deployment,
            'front-end',
            namespaces.app,
          ),
        );
        ctx.logger.info(
          sockshopPresent
            ? `SockShop runs in '${namespaces.app}'`
            : `No SockShop front-end in '${namespaces.app}'`,
        );
      }
      ctx.output('serverVersion', version);
      ctx.output('sockshopPresent', sockshopPresent);
    },
  });
}
