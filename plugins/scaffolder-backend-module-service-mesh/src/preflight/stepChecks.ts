import { KindInfo, kinds } from '../cluster/kinds';
import { MeshCluster } from '../cluster/meshCluster';
import { userNamespaces } from '../inputs/shape';
import { findShiftTarget } from '../actions/shiftTarget';
import { findHttpRouteShiftTarget } from '../actions/httpRouteShiftTarget';
import {
  checkRolloutPlanInput,
  RolloutPlanInput,
} from '../actions/rolloutPlanInput';
import { IngressNames, publicHost } from '../actions/ingressObjects';
import { istioNameOf } from '../actions/istioApply';
import { defaultTagConflict } from '../actions/sailObjects';
import { Problem } from './problems';

/** What the checks may look at: the cluster as it is, and what the run deploys. */
export interface CheckEnvironment {
  cluster: MeshCluster;
  /** Names of the objects of a kind in a namespace now. */
  live(kind: KindInfo, namespace: string): Promise<string[]>;
  /** Names of the objects of a kind the run's servicemesh:sockshop:deploy creates in a namespace. */
  deployed(kind: KindInfo, namespace: string): string[];
  /** Why nothing is deployed into a namespace, for the message (e.g. a switched-off form field). */
  notDeployedBecause(namespace: string): string;
}

type StepProblem = Omit<Problem, 'step'>;
type Input = Record<string, any>;

async function exists(
  env: CheckEnvironment,
  kind: KindInfo,
  name: string,
  namespace: string,
): Promise<StepProblem | undefined> {
  const live = await env.live(kind, namespace);
  const deployed = env.deployed(kind, namespace);
  if (live.includes(name) || deployed.includes(name)) return undefined;
  const known = [...new Set([...live, ...deployed])].sort();
  return {
    kind: 'notFound',
    message: `'${name}' is not a ${
      kind.kind
    } of SockShop in ${namespace} (${env.notDeployedBecause(namespace)}); ${
      known.length > 0
        ? `there are ${known.join(', ')}`
        : `${namespace} has no ${kind.kind}s`
    }`,
  };
}

/** The DNS limits of the Route host `<service>-<namespace>.<apps domain>`. */
function routeHostProblems(input: Input): StepProblem[] {
  const names = {
    ...input,
    service: input.service ?? 'front-end',
    app: userNamespaces(input as any).app,
  } as IngressNames;
  const host = publicHost(names);
  const [first] = host.split('.');
  const problems: StepProblem[] = [];
  if (first.length > 63) {
    problems.push({
      path: ['user'],
      kind: 'input',
      message: `makes the Route host's first label ${first} ${
        first.length
      } characters long, at most 63 are allowed (a user id of at most ${
        63 - (first.length - input.user.length)
      } characters)`,
    });
  }
  if (host.length > 253) {
    problems.push({
      path: ['appsDomain'],
      kind: 'input',
      message: `makes the Route host ${host.length} characters long, at most 253 are allowed`,
    });
  }
  return problems;
}

/** The Deployment a canary starts from exists, or the run deploys it. */
async function canaryCheck(
  input: Input,
  env: CheckEnvironment,
): Promise<StepProblem[]> {
  if (!input.service || !input.user) return [];
  const problem = await exists(
    env,
    kinds.deployment,
    input.service,
    userNamespaces(input as any).app,
  );
  // the canary's service is the template's, not a form field: the step is what fails
  return problem ? [{ ...problem, path: [] }] : [];
}

/**
 * Per action, what its own validation finds only once it runs: objects it
 * needs that do not exist and will not be deployed by the run, and values
 * that fit the input but not what the cluster accepts.
 */
export const stepChecks: Record<
  string,
  (input: Input, env: CheckEnvironment) => Promise<StepProblem[]>
> = {
  'servicemesh:circuitbreaker:apply': async (input, env) => {
    if (!input.service || !input.user) return [];
    const problem = await exists(
      env,
      kinds.service,
      input.service,
      userNamespaces(input as any).app,
    );
    return problem ? [{ ...problem, path: ['service'] }] : [];
  },
  'servicemesh:canary:deploy': canaryCheck,
  'servicemesh:canary:services': canaryCheck,
  'servicemesh:ingress:expose': async input =>
    input.user && input.appsDomain ? routeHostProblems(input) : [],
  // the cluster's one default tag must be free or this mesh's
  'servicemesh:members:label': async (input, env) => {
    if (input.injection !== 'default-tag' || input.dataplane === 'ambient')
      return [];
    if (!input.user) return [];
    const conflict = defaultTagConflict(
      await env.cluster.read(kinds.istioRevisionTag, 'default'),
      istioNameOf({ user: input.user, name: input.istio }),
      input.user,
    );
    return conflict
      ? [{ path: ['injection'], kind: 'input', message: conflict }]
      : [];
  },
  'servicemesh:gateway:expose': async input =>
    input.user && input.appsDomain ? routeHostProblems(input) : [],
  // the plan's own rules, beyond what the input schema checks; the route it
  // steps may be one the run's canary step makes, so the cluster is not asked
  'servicemesh:canary:rollout': async input => {
    if (!input.service || !input.stableSubset || !input.canarySubset) return [];
    const checked = checkRolloutPlanInput(input as RolloutPlanInput);
    if (checked.valid) return [];
    // an input the preflight cannot know yet is left out of the input; its step checks it
    return checked.errors
      .map(error => {
        const [name] = error.field.split('[');
        // the form field feeds the whole list: its item is said in the message
        const item = error.field === name ? '' : `${error.field} `;
        return {
          path: [name],
          kind: 'input' as const,
          message: `${item}${error.message}`,
        };
      })
      .filter(problem => input[problem.path[0]] !== undefined);
  },
  'servicemesh:traffic:shift': async (input, env) => {
    if (!input.namespace || !input.weights) return [];
    if (input.httpRoute) {
      const rule = await findHttpRouteShiftTarget(env.cluster, {
        ruleIndex: 0,
        ...(input as any),
      });
      if (rule.found) return [];
      return [
        {
          path: [rule.input],
          kind: rule.input === 'weights' ? 'input' : 'notFound',
          message:
            rule.input === 'httpRoute'
              ? `HTTPRoute ${rule.message}`
              : rule.message,
        },
      ];
    }
    const target = await findShiftTarget(env.cluster, input as any);
    if (target.found) return [];
    // a missing VirtualService is the chosen namespace's: the field that chose it
    const path =
      target.input === 'virtualService' ? ['namespace'] : [target.input];
    return [
      {
        path,
        kind: target.input === 'weights' ? 'input' : 'notFound',
        message:
          target.input === 'virtualService'
            ? `VirtualService ${target.message}`
            : target.message,
      },
    ];
  },
};
