import { kinds } from '@internal/mesh-sandbox';
import { runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  stored,
  storedState,
  TestCluster,
} from '../__testUtils__/testCluster';
import { createMembersAddAction } from './membersAdd';

describe('servicemesh:members:add', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createMembersAddAction>;
  const roll = () =>
    stored(
      cluster.sandbox,
      'maistra.io',
      'servicemeshmemberrolls',
      'user1-istio-system',
      'default',
    );

  beforeAll(async () => {
    cluster = await startTestCluster();
    await runGuide(cluster.config, { steps: ['controlplane'] });
    await cluster.sandbox.settle();
    action = createMembersAddAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run', async () => {
    const before = await storedState(cluster.sandbox);
    const { log } = await runAction(
      action,
      { cluster: 'local', user: 'user1' },
      { dryRun: true },
    );
    expect(await storedState(cluster.sandbox)).toEqual(before);
    expect(log).toContain(
      'ServiceMeshMemberRoll user1-istio-system/default: would be created',
    );
  });

  it('adds the SockShop namespace and waits until it is configured', async () => {
    const { outputs, log } = await runAction(action, {
      cluster: 'local',
      user: 'user1',
    });
    expect(outputs.members).toEqual(['user1-sockshop']);
    expect(log).toContain('all configured');
    expect((await roll())?.status?.configuredMembers).toEqual([
      'user1-sockshop',
    ]);
    expect(
      (
        await stored(
          cluster.sandbox,
          '',
          'namespaces',
          undefined,
          'user1-sockshop',
        )
      )?.metadata.labels?.['maistra.io/member-of'],
    ).toBe('user1-istio-system');
  });

  it('is unchanged on a second run', async () => {
    const { log } = await runAction(action, {
      cluster: 'local',
      user: 'user1',
    });
    expect(log).toContain(
      'ServiceMeshMemberRoll user1-istio-system/default: unchanged',
    );
  });

  it('keeps the other members', async () => {
    await cluster.sandbox.client.create(kinds.namespaces, {
      metadata: { name: 'user1-tools' },
    });
    const { outputs } = await runAction(action, {
      cluster: 'local',
      user: 'user1',
      members: ['user1-tools'],
    });
    expect(outputs.members).toEqual(['user1-sockshop', 'user1-tools']);
  });

  it('says which members it waited for when the timeout passes', async () => {
    await expect(
      runAction(action, {
        cluster: 'local',
        user: 'user1',
        members: ['ghost'],
        timeoutSeconds: 1,
      }),
    ).rejects.toThrow(
      'Timed out after 1s waiting for ghost to be configured members of user1-istio-system; last seen: pending: ghost',
    );
  });
});
