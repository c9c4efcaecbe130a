import { runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  stored,
  storedState,
  TestCluster,
} from '../__testUtils__/testCluster';
import { createTeardownAction } from './teardown';

describe('servicemesh:teardown', () => {
  let cluster: TestCluster;
  let start: Record<string, string>;
  let action: ReturnType<typeof createTeardownAction>;
  const input = { cluster: 'local', user: 'user1' };

  beforeAll(async () => {
    cluster = await startTestCluster();
    start = await storedState(cluster.sandbox);
    await runGuide(cluster.config);
    await cluster.sandbox.settle();
    action = createTeardownAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run and lists what it would undo', async () => {
    const before = await storedState(cluster.sandbox);
    const { log, outputs } = await runAction(action, input, { dryRun: true });
    expect(await storedState(cluster.sandbox)).toEqual(before);
    expect(log).toContain(
      'Deployment user1-sockshop/front-end-v2: would be deleted',
    );
    expect(log).toContain('Deployment user1-sockshop/carts: would be restored');
    expect(log).toContain('Route user1-sockshop/front-end: would be created');
    expect(outputs.undone).toContain('ServiceMeshControlPlane/basic-install');
  });

  it('returns the namespaces to where the template found them', async () => {
    const { log } = await runAction(action, input);
    // Kubernetes keeps a deleted namespace Terminating until its contents are
    // gone; the action returns only once it is, so a new run can create it again.
    expect(log).toContain(
      'namespaces user1-istio-system to finish terminating: all gone',
    );
    expect(
      await stored(
        cluster.sandbox,
        '',
        'namespaces',
        undefined,
        'user1-istio-system',
      ),
    ).toBeUndefined();
    await cluster.sandbox.settle();
    const after = await storedState(cluster.sandbox);
    expect(Object.keys(after).sort()).toEqual(Object.keys(start).sort());
    const frontEnd = JSON.parse(after['deployments/user1-sockshop/front-end']);
    expect(frontEnd.spec.template.metadata).toEqual(
      JSON.parse(start['deployments/user1-sockshop/front-end']).spec.template
        .metadata,
    );
    expect(
      (
        await stored(
          cluster.sandbox,
          'route.openshift.io',
          'routes',
          'user1-sockshop',
          'front-end',
        )
      )?.spec.host,
    ).toBe('front-end-user1-sockshop.apps.sandbox.local');
  });

  it('has nothing left to do on a second run', async () => {
    const { outputs } = await runAction(action, input);
    expect(outputs.undone).toEqual([]);
  });
});
