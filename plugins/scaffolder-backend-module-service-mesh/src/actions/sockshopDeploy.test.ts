import path from 'node:path';
import { runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  stored,
  storedState,
  TestCluster,
} from '../__testUtils__/testCluster';
import { templatesDir } from '../templates/installedActions';
import { createSockshopDeployAction } from './sockshopDeploy';
import { createTeardownAction } from './teardown';

describe('servicemesh:sockshop:deploy', () => {
  let cluster: TestCluster;
  let start: Record<string, string>;
  let action: ReturnType<typeof createSockshopDeployAction>;
  const input = { cluster: 'local', user: 'user3' };
  const workspacePath = path.join(templatesDir, 'sockshop-service-mesh');

  beforeAll(async () => {
    cluster = await startTestCluster();
    start = storedState(cluster.sandbox);
    action = createSockshopDeployAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run for a user without SockShop', async () => {
    const { log, outputs } = await runAction(action, input, {
      dryRun: true,
      workspacePath,
    });
    expect(storedState(cluster.sandbox)).toEqual(start);
    expect(log).toContain('Namespace user3-sockshop: would be created');
    expect(log).toContain(
      'Deployment user3-sockshop/front-end: would be created',
    );
    expect(outputs.deployed).toBe(true);
  });

  it("deploys the template folder's SockShop and waits until it runs", async () => {
    const { log, outputs } = await runAction(action, input, { workspacePath });
    expect(outputs.deployed).toBe(true);
    expect(log).toContain('13/13 Deployments ready');
    const api = cluster.sandbox.api;
    expect(
      api.list(api.type('apps', 'deployments'), 'user3-sockshop'),
    ).toHaveLength(13);
    expect(api.list(api.type('', 'services'), 'user3-sockshop')).toHaveLength(
      13,
    );
    expect(
      stored(
        cluster.sandbox,
        'route.openshift.io',
        'routes',
        'user3-sockshop',
        'front-end',
      )?.spec.host,
    ).toBe('front-end-user3-sockshop.apps.sandbox.local');
  });

  it('creates nothing on a second run', async () => {
    const { log, outputs } = await runAction(action, input, { workspacePath });
    expect(outputs.deployed).toBe(false);
    expect(log).toContain(
      "SockShop already runs in 'user3-sockshop'; nothing to deploy",
    );
  });

  it('names a manifests folder the workspace lacks', async () => {
    await expect(
      runAction(action, { ...input, manifests: 'nope' }, { workspacePath }),
    ).rejects.toThrow(/^manifests names a folder the workspace lacks/);
  });

  it('takes a fresh user through the whole template and teardown back to the start', async () => {
    await runGuide(cluster.config, { user: 'user3' });
    await cluster.sandbox.settle();
    const api = cluster.sandbox.api;
    const pods = api.list(api.type('', 'pods'), 'user3-sockshop');
    expect(pods).toHaveLength(14);
    expect(
      pods.every(
        p =>
          p.status?.containerStatuses?.filter((c: any) => c.ready).length === 2,
      ),
    ).toBe(true);

    await runAction(createTeardownAction(cluster), input);
    await cluster.sandbox.settle();
    expect(Object.keys(storedState(cluster.sandbox)).sort()).toEqual(
      Object.keys(start).sort(),
    );
  });
});
