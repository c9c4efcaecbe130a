import { runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  stored,
  storedState,
  TestCluster,
  writesOf,
} from '../__testUtils__/testCluster';
import { createCanaryDeployAction, GUIDE_CANARY_IMAGE } from './canaryDeploy';

describe('servicemesh:canary:deploy', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createCanaryDeployAction>;
  const input = { cluster: 'local', user: 'user1' };
  const get = (group: string, plural: string, name: string) =>
    stored(cluster.sandbox, group, plural, 'user1-sockshop', name);

  beforeAll(async () => {
    cluster = await startTestCluster();
    await runGuide(cluster.config, {
      steps: ['controlplane', 'members', 'sidecars', 'ingress'],
    });
    await cluster.sandbox.settle();
    action = createCanaryDeployAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run', async () => {
    const before = await storedState(cluster.sandbox);
    const { log } = await runAction(action, input, { dryRun: true });
    expect(await storedState(cluster.sandbox)).toEqual(before);
    expect(log).toContain(
      'Deployment user1-sockshop/front-end-v2: would be created',
    );
    expect(log).toContain(
      'VirtualService user1-sockshop/front-end-virtualservice: would be configured (spec.http[0].route)',
    );
  });

  it("deploys v2 with the guide's image and splits 80/20", async () => {
    const { outputs } = await runAction(action, input);
    expect(outputs).toEqual({
      deployment: 'front-end-v2',
      weights: { v1: 80, v2: 20 },
    });
    const v2 = await get('apps', 'deployments', 'front-end-v2');
    expect(v2?.spec.template.spec.containers[0].image).toBe(GUIDE_CANARY_IMAGE);
    expect(v2?.spec.template.metadata.labels).toMatchObject({
      name: 'front-end',
      version: 'v2',
    });
    expect(v2?.status.readyReplicas).toBe(1);
    expect(
      (await get('networking.istio.io', 'destinationrules', 'front-end'))?.spec,
    ).toEqual({
      host: 'front-end.user1-sockshop.svc.cluster.local',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    });
    const vs = await get(
      'networking.istio.io',
      'virtualservices',
      'front-end-virtualservice',
    );
    expect(vs?.spec.http[0].route).toEqual([
      {
        destination: {
          host: 'front-end.user1-sockshop.svc.cluster.local',
          subset: 'v1',
          port: { number: 80 },
        },
        weight: 80,
      },
      {
        destination: {
          host: 'front-end.user1-sockshop.svc.cluster.local',
          subset: 'v2',
          port: { number: 80 },
        },
        weight: 20,
      },
    ]);
    expect(vs?.spec.gateways).toEqual(['sockshop-wildcard-gateway']);
  });

  it('is unchanged on a second run', async () => {
    const { log } = await runAction(action, input);
    expect(log.match(/: unchanged/g)).toHaveLength(3);
  });

  it('names the missing v1 Deployment before writing', async () => {
    cluster.sandbox.stats.reset();
    await expect(
      runAction(action, { ...input, service: 'basket' }),
    ).rejects.toThrow(
      "service names Deployment 'basket', which namespace 'user1-sockshop' lacks",
    );
    expect(writesOf(cluster.sandbox)).toBe(0);
  });

  it('routes nothing to v2 until v2 is ready', async () => {
    // A cluster out of capacity: v2's pod stays Pending.
    await cluster.sandbox.setNodeSchedulable(false);
    try {
      const error = await runAction(action, {
        ...input,
        service: 'catalogue',
        virtualService: 'catalogue',
        timeoutSeconds: 2,
      }).catch(e => e);
      expect(error.message).toMatch(
        /Deployment user1-sockshop\/catalogue-v2 to be ready/,
      );
      expect(await get('apps', 'deployments', 'catalogue-v2')).toBeDefined();
      expect(
        await get('networking.istio.io', 'virtualservices', 'catalogue'),
      ).toBeUndefined();
    } finally {
      await cluster.sandbox.setNodeSchedulable(true);
    }
  });
});
