import { SandboxContext } from '../../context';
import { Sandbox, startSandbox } from '../../sandbox';
import { clientsFor } from '../../__testUtils__/clients';
import { createNamespaces } from '../../scenarios/seeding';
import { defaultControllers } from '..';

/** The simulators' log on stderr when MESH_SANDBOX_DEBUG is set (failed writes are only logged). */
export const debugLog = process.env.MESH_SANDBOX_DEBUG
  ? (message: string) => process.stderr.write(`[sandbox] ${message}\n`)
  : undefined;

/**
 * A sandbox with every simulated operator and the given namespaces (the CRDs
 * come with the cluster), and cluster-admin clients to arrange and inspect it.
 */
export async function startMeshSandbox(
  namespaces: string[],
  seed?: (context: SandboxContext) => Promise<void>,
): Promise<{ sandbox: Sandbox; clients: ReturnType<typeof clientsFor> }> {
  const sandbox = await startSandbox({
    controllers: defaultControllers(),
    log: debugLog,
    seed: async context => {
      await createNamespaces(context, namespaces);
      await seed?.(context);
    },
  });
  await sandbox.settle();
  return { sandbox, clients: clientsFor(sandbox, 'admin') };
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
