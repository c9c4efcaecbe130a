import { InputError } from '@backstage/errors';
import { Attempt, explain } from '../cluster/errors';
import { KindInfo, kinds } from '../cluster/kinds';
import { inputFieldOf } from './rolloutPlanInput';

const PLAN_PROBLEM = /^invalid rollout plan: (\S+) ([\s\S]*)$/;

const VERBS: Record<string, Attempt['verb']> = {
  get: 'get',
  list: 'list',
  patch: 'apply',
};

/** The kinds startRollout reads or writes, by plural, for a sentence about a refused request. */
const KINDS: KindInfo[] = [
  kinds.service,
  kinds.destinationRule,
  kinds.virtualService,
  kinds.httpRoute,
  kinds.flaggerCanary,
  kinds.argoRollout,
];

function attemptOf(error: any, namespace: string): Attempt {
  let status: any = error?.body;
  if (typeof status === 'string') {
    try {
      status = JSON.parse(status);
    } catch {
      status = undefined;
    }
  }
  const plural = status?.details?.kind;
  const verb = /cannot (\w+) resource/.exec(status?.message ?? '')?.[1];
  return {
    verb: VERBS[verb ?? ''] ?? 'apply',
    kind: KINDS.find(k => k.plural === plural) ?? kinds.virtualService,
    name: status?.details?.name,
    namespace,
  };
}

/**
 * A failure of service-mesh-node's startRollout in the action's terms: a plan
 * problem names the action's input (`canarySubset`, not `canary.subset`),
 * a refused or failed cluster request is told as the other actions tell it,
 * and a rollout still running (ConflictError) is passed on as it is.
 */
export function rolloutStartError(error: unknown, namespace: string): Error {
  const e = error as any;
  if (e instanceof Error && e.name === 'InputError') {
    const problem = PLAN_PROBLEM.exec(e.message);
    if (problem) {
      const [, field, message] = problem;
      const input = inputFieldOf(field);
      // "service front-end's VirtualService ... is managed by Flagger" names it already
      return new InputError(
        message.startsWith(`${input} `) ? message : `${input} ${message}`,
      );
    }
    return e;
  }
  if (typeof e?.code === 'number') {
    return explain(error, attemptOf(error, namespace));
  }
  return e instanceof Error ? e : new Error(String(e));
}
