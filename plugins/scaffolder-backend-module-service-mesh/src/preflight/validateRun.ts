import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ClusterConnection,
  MeshWriteAuthorizer,
  ResourceAccess,
  findCluster,
  kubeConfigFor,
  missingAccesses,
  missingAccessSentence,
  readClusters,
} from '@service-mesh/plugin-service-mesh-node';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod/v3';
import { inputSchemas } from '../actions/inputSchemas';
import { readManifests } from '../actions/sockshopDeploy';
import { writesOf, writingActions } from '../cluster/actionWrites';
import { KindInfo, kindOf } from '../cluster/kinds';
import { KubeObject, MeshCluster } from '../cluster/meshCluster';
import { userNamespaces } from '../inputs/shape';
import { expressionsIn, referencesIn } from '../templates/expressions';
import { feedingFields, fieldLabel, formFields } from '../templates/formFields';
import { TemplateDocument } from '../templates/templateSteps';
import { checkReads, plannedAccess } from './plannedAccess';
import { Problem } from './problems';
import { PlannedStep, planRun } from './runPlan';
import { CheckEnvironment, stepChecks } from './stepChecks';

/** A run of a template, before its first step that writes. */
export interface RunToValidate {
  template: TemplateDocument;
  /** The form's values. */
  parameters: Record<string, unknown>;
  /** The signed-in user, as templates see it (`user.entity`, `user.ref`). */
  user: { entity?: unknown; ref?: string };
  /** The initiator's credentials, for the catalog and the authorization rule. */
  credentials: BackstageCredentials;
  /** The run's workspace, with what earlier steps fetched. */
  workspacePath: string;
}

export interface RunValidationServices {
  config: Config;
  authorizer: MeshWriteAuthorizer;
  catalog?: CatalogService;
}

interface ParsedStep {
  planned: PlannedStep;
  input: Record<string, any>;
  connection?: ClusterConnection;
}

/** The JSON schema keyword of a zod issue, for the form's own errorMessage. */
function keywordOf(issue: z.ZodIssue): string | undefined {
  if (issue.code === 'invalid_string' && issue.validation === 'regex')
    return 'pattern';
  if (issue.code === 'too_small')
    return issue.type === 'string' ? 'minLength' : 'minimum';
  if (issue.code === 'too_big')
    return issue.type === 'string' ? 'maxLength' : 'maximum';
  if (issue.code === 'invalid_enum_value') return 'enum';
  if (issue.code === 'invalid_type') return 'type';
  return undefined;
}

const issueMessage = (issue: z.ZodIssue) =>
  issue.code === 'invalid_type' && issue.received === 'undefined'
    ? 'is required'
    : issue.message;

/** Step ids an input's expression takes outputs of. */
function sourceSteps(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return expressionsIn(value)
    .flatMap(referencesIn)
    .filter(([root, name]) => root === 'steps' && name)
    .map(([, name]) => name);
}

const annotationIn = (value: string) =>
  value.match(/annotations\[['"]([^'"]+)['"]\]/)?.[1];

/**
 * Everything wrong with a run, found before its first write: every step's
 * input against its action's schema (the actions' own rules, not a copy),
 * the clusters it names, the catalog entities it names, the owner it
 * registers (by the one authorization rule), the objects it needs that
 * neither exist nor will be deployed, the Route host it makes, and every
 * permission the cluster credentials need for what it writes
 * (SelfSubjectAccessReview).
 */
export async function validateRun(
  run: RunToValidate,
  services: RunValidationServices,
): Promise<{
  problems: Problem[];
  clusters: string[];
  /** The steps that will run, with their parsed inputs. */
  steps: { action: string; input: Record<string, any> }[];
}> {
  const { template, credentials } = run;
  const problems: Problem[] = [];
  const entityRefs: Record<string, string> = {};

  // the entities catalog:fetch will give, so later inputs made of them are known
  const plan = await planRun(
    template,
    { parameters: run.parameters, user: run.user },
    async planned => {
      const { step, input } = planned;
      if (step.action !== 'catalog:fetch') return undefined;
      if (typeof input.entityRef !== 'string') return undefined;
      let ref: string;
      try {
        ref = stringifyEntityRef(
          parseEntityRef(input.entityRef, {
            defaultKind: input.defaultKind as string | undefined,
            defaultNamespace: input.defaultNamespace as string | undefined,
          }),
        );
      } catch {
        problems.push({
          step,
          path: ['entityRef'],
          kind: 'input',
          message: `must be an entity ref like system:default/sockshop, got ${JSON.stringify(
            input.entityRef,
          )}`,
        });
        return undefined;
      }
      entityRefs[step.id] = ref;
      if (!services.catalog) return undefined;
      const entity = await services.catalog.getEntityByRef(ref, {
        credentials,
      });
      if (!entity) {
        if (!input.optional) {
          problems.push({
            step,
            path: ['entityRef'],
            kind: 'notFound',
            message: `${ref} is not in the catalog`,
          });
        }
        return undefined;
      }
      return { entity };
    },
  );

  const clusters = readClusters(services.config);
  const parsed: ParsedStep[] = [];
  for (const planned of plan) {
    const { step, input, unknownFields, runs } = planned;
    const schema = inputSchemas[step.action];
    if (!runs || !schema) continue;
    // an input made of an entity's field that the entity lacks
    const missing: string[] = [];
    for (const [key, value] of Object.entries(step.input ?? {})) {
      const sources = sourceSteps(value).filter(id => entityRefs[id]);
      if (sources.length === 0 || input[key] !== undefined) continue;
      if (unknownFields.includes(key)) continue;
      missing.push(key);
      const annotation = annotationIn(String(value));
      problems.push({
        step,
        path: [key],
        kind: 'input',
        message: `${entityRefs[sources[0]]} has no ${
          annotation ? `${annotation} annotation` : `value for ${key}`
        }`,
      });
    }
    const omitted = Object.fromEntries(
      [...unknownFields, ...missing].map(f => [f, true as const]),
    );
    let result = schema.omit(omitted).safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({
          step,
          path: issue.path,
          kind: 'input',
          keyword: keywordOf(issue),
          message: issueMessage(issue),
          source:
            issue.path.length === 1
              ? planned.sourceOf(String(issue.path[0]))
              : undefined,
        });
      }
      // the other inputs are still checked, so that every problem is told at once
      const failing = result.error.issues.map(i => [String(i.path[0]), true]);
      result = schema
        .omit({ ...omitted, ...Object.fromEntries(failing) })
        .safeParse(input);
      if (!result.success) continue;
    }
    const data = result.data as Record<string, any>;
    let connection: ClusterConnection | undefined;
    if (typeof data.cluster === 'string') {
      try {
        connection = findCluster(clusters, data.cluster);
      } catch (error) {
        problems.push({
          step,
          path: ['cluster'],
          kind: 'input',
          message: (error as Error).message,
          source: planned.sourceOf('cluster'),
        });
      }
    }
    parsed.push({ planned, input: data, connection });
  }

  // what servicemesh:sockshop:deploy creates, by namespace
  const deployedInto = new Map<string, KubeObject[]>();
  const manifestsOf = new Map<ParsedStep, KubeObject[]>();
  for (const p of parsed) {
    if (p.planned.step.action !== 'servicemesh:sockshop:deploy') continue;
    const folder = path.join(run.workspacePath, p.input.manifests);
    if (!fs.existsSync(folder)) {
      problems.push({
        step: p.planned.step,
        path: ['manifests'],
        kind: 'input',
        message: `names a folder the workspace lacks when servicemesh:preflight runs (fetch the manifests before the preflight): ${p.input.manifests}`,
      });
      continue;
    }
    const manifests = readManifests(folder);
    manifestsOf.set(p, manifests);
    deployedInto.set(userNamespaces(p.input as any).app, manifests);
  }

  // who may write each step's namespaces, by the one rule the actions apply before writing
  for (const p of parsed) {
    const { action } = p.planned.step;
    if (!writingActions.includes(action) || !p.connection) continue;
    const write = writesOf(action, p.input);
    if (write.namespaces.some(namespace => !namespace)) continue;
    const decision = await services.authorizer.check({
      credentials,
      ...write,
      cluster: p.input.cluster,
    });
    if (!decision.refusal) continue;
    problems.push({
      step: p.planned.step,
      // the namespaces are the user id's, or the chosen System's
      path: [write.intent === 'traffic' ? 'namespace' : 'user'],
      kind: 'refused',
      message: decision.refusal,
    });
  }

  // the owner the run registers, by the one rule (MeshWriteAuthorizer)
  for (const p of parsed) {
    if (p.planned.step.action !== 'servicemesh:catalog:register') continue;
    const owner = p.input.owner ?? run.user.ref;
    if (!owner) continue;
    const decision = await services.authorizer.check({
      credentials,
      intent: 'provision',
      cluster: p.input.cluster,
      namespaces: [],
      owner,
      via: 'servicemesh:preflight',
    });
    if (!decision.refusal) continue;
    const refusal = decision.refusal.replace(/^owner: /, '');
    problems.push({
      step: p.planned.step,
      path: ['owner'],
      kind: /is not in the catalog$/.test(refusal) ? 'notFound' : 'input',
      message: refusal,
    });
  }

  // every permission the run needs, asked as the cluster credentials the actions use
  const byCluster = new Map<string, ResourceAccess[]>();
  const connections = new Map<string, ClusterConnection>();
  for (const p of parsed) {
    if (!p.connection) continue;
    const accesses = [
      ...(plannedAccess[p.planned.step.action]?.(
        p.input,
        manifestsOf.get(p) ?? [],
      ) ?? []),
      ...(checkReads[p.planned.step.action]?.(p.input) ?? []),
    ];
    connections.set(p.connection.name, p.connection);
    byCluster.set(p.connection.name, [
      ...(byCluster.get(p.connection.name) ?? []),
      ...accesses,
    ]);
  }
  const mayRead = new Set<string>();
  for (const [name, accesses] of byCluster) {
    const connection = connections.get(name)!;
    const missing = await missingAccesses(
      kubeConfigFor(connection, 'scaffolder'),
      accesses,
    );
    for (const access of missing) {
      problems.push({ kind: 'access', message: missingAccessSentence(access) });
    }
    if (!missing.some(a => ['get', 'list'].includes(a.verb))) mayRead.add(name);
  }

  // what the actions would find missing only when they run
  const fields = formFields(template);
  const deploySteps = template.spec.steps.filter(
    s => s.action === 'servicemesh:sockshop:deploy',
  );
  for (const p of parsed) {
    const check = stepChecks[p.planned.step.action];
    if (!check || !p.connection || !mayRead.has(p.connection.name)) continue;
    const cluster = MeshCluster.connect(p.connection);
    const lists = new Map<string, Promise<string[]>>();
    const env: CheckEnvironment = {
      cluster,
      live: (kind: KindInfo, namespace: string) => {
        const key = `${kind.plural} ${namespace}`;
        if (!lists.has(key)) {
          lists.set(
            key,
            cluster
              .list(kind, namespace)
              .then(items => items.map(o => o.metadata.name)),
          );
        }
        return lists.get(key)!;
      },
      deployed: (kind: KindInfo, namespace: string) =>
        (deployedInto.get(namespace) ?? [])
          .filter(o => kindOf(o).kind === kind.kind)
          .map(o => o.metadata.name),
      notDeployedBecause: (namespace: string) => {
        if (deployedInto.has(namespace))
          return 'not there now, nor in the SockShop manifests the run deploys';
        const skipped = deploySteps
          .map(s =>
            feedingFields(template, { ...s, input: { if: s.if } }, ['if']),
          )
          .flatMap(f => f.names)
          .map(n => fields[n])
          .filter(Boolean);
        return skipped.length > 0
          ? `not there now, and the run deploys no SockShop: ${skipped
              .map(fieldLabel)
              .join(', ')} is off`
          : 'not there now, and the run deploys nothing there';
      },
    };
    for (const problem of await check(p.input, env)) {
      problems.push({ ...problem, step: p.planned.step });
    }
  }
  return {
    problems,
    clusters: [...connections.keys()],
    steps: parsed.map(p => ({ action: p.planned.step.action, input: p.input })),
  };
}
