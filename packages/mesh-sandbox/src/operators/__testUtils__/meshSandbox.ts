import { SandboxContext } from '../../context';
import { Sandbox, startSandbox } from '../../sandbox';
import { clientsFor } from '../../__testUtils__/clients';
import { createNamespaces, installOperatorCrds } from '../../scenarios/seeding';
import { defaultControllers } from '..';

/** A sandbox with every controller, the operators' CRDs and the given namespaces. */
export async function startMeshSandbox(
  namespaces: string[],
  seed?: (context: SandboxContext) => void,
): Promise<{ sandbox: Sandbox; clients: ReturnType<typeof clientsFor> }> {
  const sandbox = await startSandbox({
    controllers: defaultControllers(),
    seed: context => {
      installOperatorCrds(context);
      createNamespaces(context, namespaces);
      seed?.(context);
    },
  });
  await sandbox.settle();
  return { sandbox, clients: clientsFor(sandbox) };
}

export const maistra = (plural: string, version = 'v1') => ({
  group: 'maistra.io',
  version,
  plural,
});

/** The guide's v1 ServiceMeshControlPlane body. */
export const guideControlPlane = {
  apiVersion: 'maistra.io/v1',
  kind: 'ServiceMeshControlPlane',
  metadata: { name: 'basic-install' },
  spec: {
    istio: {
      global: { disablePolicyChecks: false, mtls: { enabled: false } },
    },
  },
};

export const memberRollBody = (members: string[], name = 'default') => ({
  apiVersion: 'maistra.io/v1',
  kind: 'ServiceMeshMemberRoll',
  metadata: { name },
  spec: { members },
});
