import { AuthService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { MeshWriteAuthorizer } from '@service-mesh/plugin-service-mesh-node';
import { allowingAuthorizer } from './authorizer';
import {
  K8sObject,
  Kind,
  Sandbox,
  defaultControllers,
  kinds,
  sockshopScenario,
  startSandbox,
} from '@internal/mesh-sandbox';

export interface TestCluster {
  sandbox: Sandbox;
  /** Clusters `local` (the portal's service account) and `read-only`. */
  config: ConfigReader;
  /** The real rule, with everything allowed (see allowingAuthorizer). */
  authorizer: MeshWriteAuthorizer;
  auth: AuthService;
  stop(): Promise<void>;
}

/**
 * The local cluster with the simulated operators and user1's SockShop rolled
 * out, configured as `local`; `bare` runs no operator and seeds nothing.
 */
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

/** Writes made through the sandbox's port since its last reset (gets, lists and watches excluded). */
export function writesOf(sandbox: Sandbox): number {
  const byVerb = sandbox.stats.snapshot().byVerb;
  return ['create', 'update', 'patch', 'delete', 'deletecollection'].reduce(
    (sum, verb) => sum + (byVerb[verb] ?? 0),
    0,
  );
}

const touchedKinds: Kind[] = [
  kinds.namespaces,
  kinds.deployments,
  kinds.routes,
  kinds.controlPlanes,
  kinds.memberRolls,
  kinds.virtualServices,
  kinds.destinationRules,
  kinds.gateways,
  kinds.services,
  kinds.istios,
  kinds.istioRevisionTags,
  kinds.istioCNIs,
  kinds.ztunnels,
  kinds.gatewayApiGateways,
  kinds.httpRoutes,
];

const kindOf = (group: string, plural: string): Kind => {
  const found = Object.values(kinds).find(
    k => k.group === group && k.plural === plural,
  );
  if (!found)
    throw new Error(`no kind ${plural}.${group} in the sandbox's kinds`);
  return found;
};

/**
 * Every object of the kinds the actions write, by key, without what the API
 * server and controllers maintain (resourceVersion, managedFields, status):
 * equal means no one changed what the actions own.
 */
export async function storedState(
  sandbox: Sandbox,
): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const kind of touchedKinds) {
    for (const o of (await sandbox.client.list(kind)).items) {
      const {
        resourceVersion: _rv,
        managedFields: _mf,
        ...metadata
      } = o.metadata;
      const { status: _status, ...rest } = o;
      state[`${kind.plural}/${o.metadata.namespace ?? ''}/${o.metadata.name}`] =
        JSON.stringify({ ...rest, metadata });
    }
  }
  return state;
}

/** One object as the API server has it, or undefined. */
export function stored(
  sandbox: Sandbox,
  group: string,
  plural: string,
  namespace: string | undefined,
  name: string,
): Promise<K8sObject | undefined> {
  return sandbox.client.tryGet(kindOf(group, plural), namespace, name);
}

/** Polls until `check` returns a value, or fails after the timeout with what it last saw. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}
