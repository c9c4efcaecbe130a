import { SandboxContext } from '../context';
import { allOperatorCrds } from '../k8s/operatorCrds';
import { K8sObject } from '../k8s/types';

/** Who the seeded objects appear to come from (managedFields). */
const seedManager = 'kubectl-client-side-apply';

/** A seed: fills a freshly started sandbox (SandboxOptions.seed). */
export type Scenario = (context: SandboxContext) => void;

/** Creates objects as an admin would with `oc apply`, skipping ones that exist. */
export function createAll(
  context: SandboxContext,
  group: string,
  plural: string,
  objects: K8sObject[],
) {
  const { api } = context;
  const type = api.type(group, plural);
  for (const object of objects) {
    const { namespace, name } = object.metadata;
    if (api.tryGet(type, namespace, name!)) continue;
    api.create(type, namespace, object, { fieldManager: seedManager });
  }
}

export function createNamespaces(context: SandboxContext, names: string[]) {
  createAll(
    context,
    '',
    'namespaces',
    names.map(name => ({ metadata: { name } })),
  );
}

/** The cluster-wide prerequisite: the four operators' CRDs. */
export function installOperatorCrds(context: SandboxContext) {
  createAll(
    context,
    'apiextensions.k8s.io',
    'customresourcedefinitions',
    allOperatorCrds,
  );
}

/**
 * Runs `then` as soon as `ready()` holds, checking again after cluster work
 * (the scheduler keeps `settle()` waiting meanwhile).
 */
export function whenReady(
  context: SandboxContext,
  key: string,
  ready: () => boolean,
  then: () => void,
  pollMs = 20,
) {
  const attempt = () => {
    if (ready()) then();
    else context.scheduler.enqueue(key, attempt, pollMs);
  };
  context.scheduler.enqueue(key, attempt);
}

export const userNames = (users: number) =>
  Array.from({ length: users }, (_, i) => `user${i + 1}`);
