import { kinds } from '@internal/mesh-sandbox';
import { runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  storedState,
  TestCluster,
  writesOf,
} from '../__testUtils__/testCluster';
import { createSidecarsInjectAction } from './sidecarsInject';

describe('servicemesh:sidecars:inject', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createSidecarsInjectAction>;
  const input = { cluster: 'local', user: 'user1' };

  beforeAll(async () => {
    cluster = await startTestCluster();
    await runGuide(cluster.config, { steps: ['controlplane', 'members'] });
    await cluster.sandbox.settle();
    action = createSidecarsInjectAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run, still warning about data loss', async () => {
    const before = await storedState(cluster.sandbox);
    const { log } = await runAction(action, input, { dryRun: true });
    expect(await storedState(cluster.sandbox)).toEqual(before);
    expect(log).toContain(
      'Deployment user1-sockshop/carts: would be configured (',
    );
    expect(log).toContain('warn: carts-db has no persistent volume');
  });

  it('annotates and labels every Deployment and waits for every pod with its sidecar', async () => {
    const { outputs, log } = await runAction(action, input);
    expect(outputs.deployments).toHaveLength(13);
    expect(outputs.dataLossWarnings).toEqual(
      expect.arrayContaining([
        'carts-db',
        'catalogue-db',
        'orders-db',
        'user-db',
        'rabbitmq',
      ]),
    );
    expect(outputs.dataLossWarnings).not.toContain('front-end');
    expect(log).toContain('13/13 Deployments rolled out with sidecars');
    const { client } = cluster.sandbox;
    const frontEnd = await client.get(
      kinds.deployments,
      'user1-sockshop',
      'front-end',
    );
    expect(
      frontEnd.spec.template.metadata.annotations['sidecar.istio.io/inject'],
    ).toBe('true');
    expect(frontEnd.spec.template.metadata.labels).toMatchObject({
      app: 'front-end',
      version: 'v1',
      name: 'front-end',
    });
    expect(frontEnd.spec.selector.matchLabels).toEqual({ name: 'front-end' });
    for (const pod of (await client.list(kinds.pods, 'user1-sockshop')).items) {
      expect(pod.spec.containers.map((c: any) => c.name)).toContain(
        'istio-proxy',
      );
    }
  });

  it('is unchanged on a second run', async () => {
    const { log } = await runAction(action, input);
    expect(log.match(/: unchanged/g)).toHaveLength(13);
  });

  it('names Deployments the namespace lacks, before writing', async () => {
    cluster.sandbox.stats.reset();
    await expect(
      runAction(action, { ...input, deployments: ['front-end', 'frontend'] }),
    ).rejects.toThrow(
      "deployments names what namespace 'user1-sockshop' lacks: frontend",
    );
    expect(writesOf(cluster.sandbox)).toBe(0);
  });

  it('names the verb and kind the read-only credentials may not do', async () => {
    await expect(
      runAction(action, { ...input, cluster: 'read-only' }),
    ).rejects.toThrow(
      /Not allowed to patch \(server-side apply\) Deployment \(deployments.apps\) in namespace 'user1-sockshop'/,
    );
  });
});
