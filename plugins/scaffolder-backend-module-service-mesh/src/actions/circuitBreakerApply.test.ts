import { runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  stored,
  storedState,
  TestCluster,
} from '../__testUtils__/testCluster';
import { createCircuitBreakerApplyAction } from './circuitBreakerApply';

describe('servicemesh:circuitbreaker:apply', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createCircuitBreakerApplyAction>;
  const rule = (name: string) =>
    stored(
      cluster.sandbox,
      'networking.istio.io',
      'destinationrules',
      'user1-sockshop',
      name,
    );

  beforeAll(async () => {
    cluster = await startTestCluster();
    await runGuide(cluster.config, {
      steps: ['controlplane', 'members', 'sidecars', 'ingress', 'canary'],
    });
    await cluster.sandbox.settle();
    action = createCircuitBreakerApplyAction(cluster);
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
      'DestinationRule user1-sockshop/carts: would be created',
    );
  });

  it('creates a breaker for carts by default', async () => {
    await runAction(action, { cluster: 'local', user: 'user1' });
    expect((await rule('carts'))?.spec).toEqual({
      host: 'carts.user1-sockshop.svc.cluster.local',
      trafficPolicy: {
        outlierDetection: {
          consecutive5xxErrors: 5,
          interval: '10s',
          baseEjectionTime: '30s',
          maxEjectionPercent: 100,
        },
      },
    });
  });

  it('merges into an existing rule without losing its subsets', async () => {
    await runAction(action, {
      cluster: 'local',
      user: 'user1',
      service: 'front-end',
      consecutive5xxErrors: 1,
      maxConnections: 1,
      http1MaxPendingRequests: 1,
    });
    expect(
      (await rule('front-end'))?.spec.subsets.map((s: any) => s.name),
    ).toEqual(['v1', 'v2']);
    expect((await rule('front-end'))?.spec.trafficPolicy).toMatchObject({
      outlierDetection: { consecutive5xxErrors: 1 },
      connectionPool: {
        tcp: { maxConnections: 1 },
        http: { http1MaxPendingRequests: 1 },
      },
    });
  });

  it('is unchanged on a second run', async () => {
    const { log } = await runAction(action, {
      cluster: 'local',
      user: 'user1',
    });
    expect(log).toContain('DestinationRule user1-sockshop/carts: unchanged');
  });
});
