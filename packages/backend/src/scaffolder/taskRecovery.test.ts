import { TestDatabases } from '@backstage/backend-test-utils';
import {
  Sandbox,
  defaultControllers,
  kinds,
  sockshopScenario,
  startSandbox,
} from '@internal/mesh-sandbox';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { PortalConfigs } from '../__testUtils__/portalConfigs';
import { postgresTestDatabaseIds } from '../__testUtils__/testDatabases';
import { userNamespacesState } from './__testUtils__/clusterState';
import {
  PortalProcess,
  poll,
  startPortalProcess,
} from './__testUtils__/portalProcess';

// two sandboxes, three backend starts, two template runs and the recovery's wait
jest.setTimeout(600_000);

/** The portal's own guest, as the e2e test runs the template: its own namespaces. */
const user = 'guest';
const form = {
  userId: user,
  cluster: 'local',
  appsDomain: 'apps.sandbox.local',
  deploySockshop: true,
  smcpVersion: 'v1',
  mtls: false,
  canary: true,
  canaryImage: 'mosuke5/front-end:master-49c0d1f',
  v2Weight: 20,
  circuitBreaker: true,
  circuitBreakerService: 'carts',
  consecutive5xxErrors: 5,
  baseEjectionTime: '30s',
};

const postgresIds = postgresTestDatabaseIds();
const databases = TestDatabases.create({ ids: postgresIds });
const describeOnPostgres = postgresIds.length > 0 ? describe : describe.skip;
if (postgresIds.length === 0) {
  // eslint-disable-next-line no-console
  console.warn(
    `task recovery test skipped: ${
      process.env.PORTAL_TEST_POSTGRES_SKIPPED ?? 'no PostgreSQL server'
    }`,
  );
}

interface TaskEvent {
  id: number;
  type: string;
  body: { message?: string; stepId?: string; status?: string };
}

/**
 * The real portal backend (packages/backend, its app-config.yaml and
 * app-config.production.yaml: PostgreSQL, scaffolder.taskRecovery) in a child
 * process against a local cluster: a task of sockshop-service-mesh whose
 * backend is killed (SIGKILL) while a middle step runs is finished by the next
 * backend by itself, and leaves the cluster as an uninterrupted run does.
 */
describeOnPostgres('scaffolder task recovery on PostgreSQL', () => {
  const runs: { sandbox?: Sandbox; portal?: PortalProcess }[] = [];
  let configs: PortalConfigs;
  let reference: Record<string, unknown>;

  beforeAll(async () => {
    // a fresh logical database on the run's server; its connection is the admin's
    configs = new PortalConfigs(
      await databases.init(postgresIds[0]),
      'task-recovery',
    );
  });

  afterAll(async () => {
    for (const run of runs) {
      await run.portal?.stop().catch(() => {});
      await run.sandbox?.stop().catch(() => {});
    }
    await configs?.dropAll();
  });

  async function startCluster(): Promise<Sandbox> {
    const sandbox = await startSandbox({
      controllers: defaultControllers(),
      seed: sockshopScenario({ users: 1 }),
    });
    await sandbox.settle(60_000);
    return sandbox;
  }

  /** The config files and environment of one portal: the repository's config, with the database and cluster of this test. */
  const portalConfig = (sandbox: Sandbox, name: string) =>
    configs.portalConfig(sandbox, `recovery_${name}`);

  async function guestToken(portal: PortalProcess): Promise<string> {
    const response = await fetch(`${portal.url}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(response.status).toBe(200);
    return (await response.json()).backstageIdentity.token;
  }

  async function api(
    portal: PortalProcess,
    token: string,
    apiPath: string,
    init: { method?: string; body?: unknown } = {},
  ) {
    const response = await fetch(`${portal.url}${apiPath}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }

  /** The template and the guest in the catalog (a fresh database reads the files first). */
  async function catalogReady(portal: PortalProcess, token: string) {
    await poll(
      'the template and the guest user in the catalog',
      120_000,
      async () => {
        const template = await api(
          portal,
          token,
          '/api/catalog/entities/by-name/template/default/sockshop-service-mesh',
        );
        const guest = await api(
          portal,
          token,
          '/api/catalog/entities/by-name/user/default/guest',
        );
        return template.status === 200 && guest.status === 200
          ? true
          : undefined;
      },
      () => portal.log().split('\n').slice(-30).join('\n'),
    );
  }

  async function createTask(portal: PortalProcess, token: string) {
    const created = await api(portal, token, '/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: {
        templateRef: 'template:default/sockshop-service-mesh',
        values: form,
      },
    });
    expect(created).toMatchObject({ status: 201 });
    return created.body.id as string;
  }

  const events = async (
    portal: PortalProcess,
    token: string,
    id: string,
  ): Promise<TaskEvent[]> =>
    (await api(portal, token, `/api/scaffolder/v2/tasks/${id}/events`)).body;

  /** A log line without the level's colours. */
  const colours = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
  const plain = (message?: string) => (message ?? '').replace(colours, '');

  const logOf = (list: TaskEvent[]) =>
    list
      .filter(e => e.type === 'log')
      .map(e => `${e.body.stepId ?? '-'}: ${plain(e.body.message)}`)
      .join('\n');

  async function finished(
    portal: PortalProcess,
    token: string,
    id: string,
    timeoutMs: number,
  ) {
    const status = await poll(
      `task ${id} to finish`,
      timeoutMs,
      async () => {
        const task = await api(portal, token, `/api/scaffolder/v2/tasks/${id}`);
        return ['completed', 'failed', 'cancelled'].includes(task.body.status)
          ? (task.body.status as string)
          : undefined;
      },
      () => portal.log().split('\n').slice(-30).join('\n'),
    );
    return { status, events: await events(portal, token, id) };
  }

  /** Fails with the task's whole log unless it completed. */
  function expectCompleted(
    id: string,
    result: { status: string; events: TaskEvent[] },
  ) {
    if (result.status !== 'completed') {
      throw new Error(
        `task ${id} ended ${result.status}:\n${logOf(result.events)}`,
      );
    }
  }

  it('an uninterrupted run of sockshop-service-mesh (the reference)', async () => {
    const run: (typeof runs)[number] = {};
    runs.push(run);
    run.sandbox = await startCluster();
    const config = await portalConfig(run.sandbox, 'reference');
    run.portal = await startPortalProcess(config);
    const token = await guestToken(run.portal);
    await catalogReady(run.portal, token);

    const id = await createTask(run.portal, token);
    const result = await finished(run.portal, token, id, 180_000);
    expectCompleted(id, result);
    await run.sandbox.settle(60_000);
    reference = await userNamespacesState(run.sandbox, user);
    // the guide's end state (plugins/scaffolder-backend-module-service-mesh/src/scaffolder.test.ts)
    expect(reference).toMatchObject({
      'ServiceMeshControlPlane guest-istio-system/basic-install': {
        status: { conditions: expect.arrayContaining(['Ready=True']) },
      },
      'ServiceMeshMemberRoll guest-istio-system/default': {
        status: { configuredMembers: ['guest-sockshop'] },
      },
      'VirtualService guest-sockshop/front-end-virtualservice': {
        spec: {
          http: [
            {
              route: [
                expect.objectContaining({ weight: 80 }),
                expect.objectContaining({ weight: 20 }),
              ],
            },
          ],
        },
      },
      'DestinationRule guest-sockshop/carts': {
        spec: {
          trafficPolicy: {
            outlierDetection: expect.objectContaining({
              consecutive5xxErrors: 5,
              baseEjectionTime: '30s',
            }),
          },
        },
      },
      'Gateway guest-sockshop/sockshop-wildcard-gateway': expect.anything(),
    });
    const pods = Object.entries(reference).filter(([key]) =>
      key.startsWith('Pods guest-sockshop '),
    );
    expect(pods.flatMap(([, list]) => list as string[])).toHaveLength(14);
    for (const [key, list] of pods) {
      for (const pod of list as string[]) {
        expect(`${key}: ${pod}`).toMatch(/: Running 2\/2 /);
      }
    }

    await run.portal.stop();
    run.portal = undefined;
    await run.sandbox.stop();
    run.sandbox = undefined;
  });

  it('a run whose backend is killed in a middle step is finished by the next backend, with the same end state', async () => {
    expect(reference).toBeDefined();
    const run: (typeof runs)[number] = {};
    runs.push(run);
    run.sandbox = await startCluster();
    const sandbox = run.sandbox;
    const config = await portalConfig(sandbox, 'killed');
    run.portal = await startPortalProcess(config);
    let token = await guestToken(run.portal);
    await catalogReady(run.portal, token);

    // SockShop's Deployments are created one by one: slowed down, the step
    // `sockshop` (after fetch-sockshop filled the workspace) is surely
    // running, half done, when the backend dies
    sandbox.faults.add({
      path: `^/apis/apps/v1/namespaces/${user}-sockshop/deployments`,
      method: 'POST',
      latencyMs: 2000,
    });
    const id = await createTask(run.portal, token);
    const portal = run.portal;
    const before = await poll(
      'the step sockshop to have created two Deployments',
      120_000,
      async () => {
        const list = await events(portal, token, id);
        const created = list.filter(
          e =>
            e.body.stepId === 'sockshop' &&
            /Deployment \S+: created$/.test(plain(e.body.message)),
        );
        return created.length >= 2 ? list : undefined;
      },
      () => portal.log().split('\n').slice(-30).join('\n'),
    );
    await run.portal.kill();
    run.portal = undefined;
    sandbox.faults.clear();

    const stepStatus = (list: TaskEvent[], step: string) =>
      list
        .filter(e => e.body.stepId === step && e.body.status)
        .map(e => e.body.status);
    // killed in the middle: fetch-sockshop done, sockshop running, nothing after it begun
    expect({
      fetch: stepStatus(before, 'fetch-sockshop'),
      sockshop: stepStatus(before, 'sockshop'),
      controlplane: stepStatus(before, 'controlplane'),
      completion: before.filter(e => e.type === 'completion'),
    }).toEqual({
      fetch: expect.arrayContaining(['completed']),
      sockshop: ['processing'],
      controlplane: [],
      completion: [],
    });
    const halfDeployed = (
      await sandbox.client.list(kinds.deployments, `${user}-sockshop`)
    ).items.length;
    expect(halfDeployed).toBeLessThan(13);

    // the same backend and database, as a new pod would run it: its own empty
    // disk (the dead one's workspace folder is left behind), and nobody asks
    // it to resume the task
    const newDisk = path.join(configs.tmp, 'new-pod');
    fs.mkdirSync(newDisk);
    const newPodConfig = path.join(configs.tmp, 'app-config.new-pod.yaml');
    fs.writeFileSync(
      newPodConfig,
      YAML.stringify({ backend: { workingDirectory: newDisk } }),
    );
    run.portal = await startPortalProcess({
      ...config,
      configFiles: [...config.configFiles, newPodConfig],
    });
    token = await guestToken(run.portal);
    const result = await finished(run.portal, token, id, 240_000);
    expectCompleted(id, result);
    const log = logOf(result.events);
    expect(result.events.map(e => e.type)).toContain('recovered');
    expect(log).toMatch(
      /Task recovered - resuming from last known good state\. 2 step\(s\) already completed\./,
    );
    expect(log).toContain(
      'fetch-sockshop: Skipping step fetch-sockshop because it was already completed in a previous run',
    );
    // the step ran again on the manifests of the restored workspace, keeping what it had made
    expect(run.portal.log()).toContain(`Restored the workspace of task ${id}`);
    expect(log).toMatch(
      /^sockshop: .*Deployment guest-sockshop\/\S+: unchanged$/m,
    );

    await sandbox.settle(60_000);
    expect(await userNamespacesState(sandbox, user)).toEqual(reference);

    const current = run.portal;
    const system = await poll(
      `system:${user}-sockshop/sockshop in the catalog`,
      60_000,
      async () => {
        const response = await api(
          current,
          token,
          `/api/catalog/entities/by-name/system/${user}-sockshop/sockshop`,
        );
        return response.status === 200 ? response.body : undefined;
      },
      () => current.log().split('\n').slice(-30).join('\n'),
    );
    expect(system.spec.owner).toBe('user:default/guest');
  });
});
