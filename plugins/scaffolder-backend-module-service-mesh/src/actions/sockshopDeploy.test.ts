import { kinds } from '@internal/mesh-sandbox';
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
    start = await storedState(cluster.sandbox);
    action = createSockshopDeployAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run for a user without SockShop', async () => {
    const { log, outputs } = await runAction(action, input, {
      dryRun: true,
      workspacePath,
    });
    expect(await storedState(cluster.sandbox)).toEqual(start);
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
    const { client } = cluster.sandbox;
    expect(
      (await client.list(kinds.deployments, 'user3-sockshop')).items,
    ).toHaveLength(13);
    expect(
      (await client.list(kinds.services, 'user3-sockshop')).items,
    ).toHaveLength(13);
    expect(
      (
        await stored(
          cluster.sandbox,
          'route.openshift.io',
          'routes',
          'user3-sockshop',
          'front-end',
        )
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
    const pods = (
      await cluster.sandbox.client.list(kinds.pods, 'user3-sockshop')
    ).items;
    expect(pods).toHaveLength(14);
    expect(
      pods.every(
        p =>
          p.status?.containerStatuses?.filter((c: any) => c.ready).length === 2,
      ),
    ).toBe(true);

    await runAction(createTeardownAction(cluster), input);
    await cluster.sandbox.settle();
    expect(Object.keys(await storedState(cluster.sandbox)).sort()).toEqual(
      Object.keys(start).sort(),
    );
  });
});
