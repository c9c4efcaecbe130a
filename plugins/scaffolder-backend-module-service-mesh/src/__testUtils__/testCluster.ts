import { AuthService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { MeshWriteAuthorizer } from '@service-mesh/plugin-service-mesh-node';
import { allowingAuthorizer } from './authorizer';
import {
  Sandbox,
  defaultControllers,
  sockshopScenario,
  startSandbox,
} from '@internal/mesh-sandbox';

export interface TestCluster {
  sandbox: Sandbox;
  /** Clusters `local` (read-write token) and `read-only`. */
  config: ConfigReader;
  /** The real rule, with everything allowed (see allowingAuthorizer). */
  authorizer: MeshWriteAuthorizer;
  auth: AuthService;
  stop(): Promise<void>;
}

/** A sandbox cluster with the operators and user1's SockShop, configured as `local`. */
export async function startTestCluster(
  options: { seed?: 'sockshop' | 'bare' } = {},
): Promise<TestCluster> {
  const sandbox = await startSandbox({
    controllers: options.seed === 'bare' ? [] : defaultControllers(),
    seed: options.seed === 'bare' ? undefined : sockshopScenario({ users: 1 }),
  });
  await sandbox.settle();
  const cluster = (name: string, token: string) => ({
    name,
    url: sandbox.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: token,
    caData: Buffer.from(sandbox.caCertificate).toString('base64'),
  });
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            cluster('local', sandbox.tokens.write),
            cluster('read-only', sandbox.tokens.read),
          ],
        },
      ],
    },
  });
  return {
    sandbox,
    config,
    authorizer: allowingAuthorizer(),
    auth: mockServices.auth(),
    stop: () => sandbox.stop(),
  };
}

/** Writes the sandbox counted since its last reset (gets, lists and watches excluded). */
export function writesOf(sandbox: Sandbox): number {
  const byVerb = sandbox.stats.snapshot().byVerb;
  return ['create', 'update', 'patch', 'delete', 'deletecollection'].reduce(
    (sum, verb) => sum + (byVerb[verb] ?? 0),
    0,
  );
}

const touchedTypes: [string, string][] = [
  ['', 'namespaces'],
  ['apps', 'deployments'],
  ['route.openshift.io', 'routes'],
  ['maistra.io', 'servicemeshcontrolplanes'],
  ['maistra.io', 'servicemeshmemberrolls'],
  ['networking.istio.io', 'virtualservices'],
  ['networking.istio.io', 'destinationrules'],
  ['networking.istio.io', 'gateways'],
];

/**
 * Every object of the kinds the actions write, by key, without resourceVersion
 * and managedFields: equal means no content changed. (The sandbox bumps the
 * resourceVersion of a no-op apply because it reorders managedFields; a real
 * API server does not.)
 */
export function storedState(sandbox: Sandbox): Record<string, string> {
  const state: Record<string, string> = {};
  for (const [group, plural] of touchedTypes) {
    for (const o of sandbox.api.list(sandbox.api.type(group, plural))) {
      const {
        resourceVersion: _rv,
        managedFields: _mf,
        ...metadata
      } = o.metadata;
      state[`${plural}/${o.metadata.namespace ?? ''}/${o.metadata.name}`] =
        JSON.stringify({ ...o, metadata });
    }
  }
  return state;
}

/** One stored object, or undefined. */
export function stored(
  sandbox: Sandbox,
  group: string,
  plural: string,
  namespace: string | undefined,
  name: string,
) {
  return sandbox.api.tryGet(sandbox.api.type(group, plural), namespace, name);
}
