import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  findCluster,
  kubeConfigFor,
  missingAccesses,
  missingAccessSentence,
  readClusters,
} from '@service-mesh/plugin-service-mesh-node';
import { z } from 'zod/v3';
import { ClusterError, isMissingKind } from '../cluster/errors';
import { KindInfo, kinds } from '../cluster/kinds';
import { MeshSession, openSession } from '../cluster/session';
import { describeProblems, problemsError } from '../preflight/problems';
import { flavourKinds, requiredKinds } from '../preflight/requiredKinds';
import { runTemplate } from '../preflight/runTemplate';
import { validateRun } from '../preflight/validateRun';
import { CatalogActionOptions } from './catalogLocations';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { preflightExamples } from './preflight.examples';
import { inputShape, preflightInput } from './preflightInput';

async function missingKinds(
  session: MeshSession,
  required: KindInfo[],
): Promise<KindInfo[]> {
  const missing: KindInfo[] = [];
  for (const kind of required) {
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

export function createPreflightAction(options: CatalogActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:preflight',
    description:
      "Checks, before any step writes, every input of the run (with the form's values: every later step's input against its action, the services, Deployments, catalog entities and owner it names, the Route host it makes, and every permission the cluster credentials need for what it writes), that the cluster answers and that the operators and CRDs its steps need are installed (Service Mesh, Kiali, Jaeger and Elasticsearch for OSSM 2; the Sail operator and the Gateway API for OSSM 3)",
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
      const { cluster, user, parameters, flavour, dataplane } = parseInput(
        preflightInput,
        ctx.input,
      );
      let validated = false;
      let required = flavourKinds(flavour, dataplane);
      const clusters = cluster ? [cluster] : [];
      if (parameters) {
        const template = await runTemplate(options, ctx.templateInfo);
        if (template) {
          const {
            problems,
            clusters: named,
            steps,
          } = await validateRun(
            {
              template,
              parameters,
              user: ctx.user ?? {},
              credentials: await ctx.getInitiatorCredentials(),
              workspacePath: ctx.workspacePath,
            },
            options,
          );
          if (problems.length > 0) {
            throw problemsError(problems, describeProblems(template, problems));
          }
          validated = true;
          required = requiredKinds(steps);
          if (!cluster) clusters.push(...named);
          ctx.logger.info(
            `Every input of the run fits its step, names what exists or will be deployed, and the cluster credentials may write what the run writes`,
          );
        } else {
          ctx.logger.warn(
            `The template of this run is not in the catalog, so its later steps' inputs are checked only when they run`,
          );
        }
      }
      if (clusters.length === 0) {
        throw new InputError(
          'Invalid input: cluster is required (or parameters, whose steps name the clusters)',
        );
      }
      let version = '';
      const sessions: MeshSession[] = [];
      for (const name of clusters) {
        const opened = await openSession(options, name, ctx);
        const answer = await opened.cluster.serverVersion();
        ctx.logger.info(`Cluster '${name}' answers: Kubernetes ${answer}`);
        const missing = await missingKinds(opened, required);
        if (missing.length > 0)
          throw new ClusterError(missingOperatorsSentence(missing));
        sessions.push(opened);
        version ||= answer;
      }
      ctx.logger.info(
        required.length > 0
          ? `Every kind the run needs is served, so its operators are installed (${[
              ...new Set(required.map(k => k.kind)),
            ].join(', ')})`
          : 'The run needs no operator',
      );

      let sockshopPresent = false;
      if (user) {
        const namespaces = userNamespaces({ user });
        // without the form's values, at least the first write of a template
        if (!validated) {
          const [denied] = await missingAccesses(
            kubeConfigFor(
              findCluster(readClusters(options.config), clusters[0]),
            ),
            [{ verb: 'create', group: '', resource: 'namespaces' }],
          );
          if (denied) {
            throw new ClusterError(missingAccessSentence(denied), 403);
          }
          ctx.logger.info(
            `The credentials may create namespace '${namespaces.controlPlane}'`,
          );
        }
        sockshopPresent = Boolean(
          await sessions[0].cluster.read(
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
