import { Kind, kinds } from '../client/kinds';
import { isConflict } from '../client/kubeClient';
import { SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';

/** Who the seeded objects appear to come from (managedFields). */
const seedManager = 'kubectl-client-side-apply';

/** A seed: fills a freshly started sandbox (SandboxOptions.seed). */
export type Scenario = (context: SandboxContext) => Promise<void>;

/** How many creates are in flight at once: enough for a 1000-service seed, gentle on 2 cores. */
const concurrency = 32;

/** Creates objects as an admin would with `oc apply`, skipping ones that exist. */
export async function createAll(
  context: SandboxContext,
  kind: Kind,
  objects: K8sObject[],
): Promise<void> {
  const queue = [...objects];
  const worker = async () => {
    for (let object = queue.shift(); object; object = queue.shift()) {
      try {
        await context.client.create(kind, object, {
          fieldManager: seedManager,
        });
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, worker),
  );
}

export function createNamespaces(context: SandboxContext, names: string[]) {
  return createAll(
    context,
    kinds.namespaces,
    names.map(name => ({ metadata: { name } })),
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
  then: () => Promise<void>,
  pollMs = 20,
) {
  const attempt = async () => {
    if (ready()) await then();
    else context.scheduler.enqueue(key, attempt, pollMs);
  };
  context.scheduler.enqueue(key, attempt);
}

export const userNames = (users: number) =>
  Array.from({ length: users }, (_, i) => `user${i + 1}`);
