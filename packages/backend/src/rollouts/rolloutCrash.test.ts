import { ConfigReader } from '@backstage/config';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  RealPrometheus,
  Sandbox,
  clusterControllers,
  kinds,
  meshedScenario,
  prometheusInstalled,
  sandboxKubernetesConfig,
  startRealPrometheus,
  startSandbox,
} from '@internal/mesh-sandbox';
import {
  RolloutEvent,
  RolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';
import {
  kubeConfigFor,
  readClusters,
  readRollout,
  startRollout,
  StoredRollout,
} from '@service-mesh/plugin-service-mesh-node';
import { PortalConfigs } from '../__testUtils__/portalConfigs';
import { postgresTestDatabaseIds } from '../__testUtils__/testDatabases';
import {
  PortalProcess,
  poll,
  startPortalProcess,
} from '../scaffolder/__testUtils__/portalProcess';

// a meshed cluster, Prometheus, two backend starts and a rollout of five steps
jest.setTimeout(600_000);

const ns = 'user1-sockshop';
const postgresIds = postgresTestDatabaseIds();
const databases = TestDatabases.create({ ids: postgresIds });
const describeWhenReal =
  postgresIds.length > 0 && prometheusInstalled() ? describe : describe.skip;

/** front-end v2 in four steps, each taken at the first passing check (every 5 s). */
const plan: RolloutPlan = {
  service: 'front-end',
  stable: { subset: 'v1', version: 'v1' },
  canary: { subset: 'v2', version: 'v2' },
  steps: [10, 20, 30, 40],
  bakeSeconds: 0,
  checks: {
    minSuccessRatePercent: 95,
    maxP99LatencyMs: 500,
    minRequests: 20,
    interval: '5s',
    failedChecksThreshold: 2,
  },
};

const stepsOf = (timeline: RolloutEvent[]) =>
  timeline
    .filter(e => ['start', 'advance', 'promote', 'rollback'].includes(e.kind))
    .map(e => [e.kind, e.weight]);

/**
 * The portal backend (packages/backend on PostgreSQL, as deployed) steps a
 * rollout on its scheduler; killed with SIGKILL mid-rollout (no shutdown
 * hooks, the scheduler's rows left as they were), the next backend on the
 * same database goes on from the step the cluster shows, skipping and
 * repeating none.
 */
describeWhenReal('a rollout whose backend is killed', () => {
  let configs: PortalConfigs;
  let sandbox: Sandbox;
  let prometheus: RealPrometheus;
  const portals: PortalProcess[] = [];
  const kc = () =>
    kubeConfigFor(
      readClusters(
        new ConfigReader({ kubernetes: sandboxKubernetesConfig(sandbox) }),
      )[0],
    );
  const rolloutNow = () => readRollout(kc(), ns, 'front-end');
  const until = (
    what: string,
    done: (rollout: StoredRollout) => boolean,
    timeoutMs = 90_000,
  ) =>
    poll(
      what,
      timeoutMs,
      async () => {
        const rollout = await rolloutNow();
        return done(rollout) ? rollout : undefined;
      },
      () =>
        portals.map(p => p.log().split('\n').slice(-20).join('\n')).join('\n'),
    );

  beforeAll(async () => {
    configs = new PortalConfigs(
      await databases.init(postgresIds[0]),
      'rollout-crash',
    );
    sandbox = await startSandbox({
      trafficRps: 0,
      controllers: clusterControllers().controllers,
      seed: meshedScenario({ users: 1 }),
    });
    await sandbox.settle(90_000);
    sandbox.settings.trafficRps = 100;
    prometheus = await startRealPrometheus(sandbox);
    // what servicemesh:canary:deploy does: the plugins' field manager owns the route's weights
    const live = await sandbox.client.get(
      kinds.virtualServices,
      ns,
      'front-end-virtualservice',
    );
    await sandbox.client.apply(
      kinds.virtualServices,
      {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name: live.metadata.name, namespace: ns },
        spec: {
          ...live.spec,
          http: [
            {
              route: live.spec.http[0].route.map((r: any) => ({
                ...r,
                weight: r.destination.subset === 'v1' ? 100 : 0,
              })),
            },
          ],
        },
      },
      { fieldManager: 'backstage-service-mesh', force: true },
    );
  });

  afterAll(async () => {
    for (const portal of portals) await portal.stop().catch(() => {});
    await prometheus?.stop();
    await sandbox?.stop();
    await configs?.dropAll();
  });

  it('is continued by the next backend from the step it was at', async () => {
    const config = await configs.portalConfig(sandbox, 'rollout_crash', {
      cluster: { prometheus: { url: prometheus.url } },
      serviceMesh: { rollouts: { checkFrequencySeconds: 1 } },
    });
    const first = await startPortalProcess(config);
    portals.push(first);
    await startRollout({
      kc: kc(),
      namespace: ns,
      plan,
      actor: 'test',
      now: new Date(),
    });
    await until(
      'the first backend to step to 20 %',
      r => r.record.state.weight >= 20,
    );
    await first.kill();
    const killedAt = new Date();
    const atKill = await rolloutNow();
    expect(atKill.record.state.phase).toBe('progressing');
    const weightAtKill = atKill.record.state.weight;
    expect(weightAtKill).toBeLessThan(100);

    // nothing steps it while no backend runs
    await new Promise(resolve => setTimeout(resolve, 7000));
    expect((await rolloutNow()).record.state.weight).toBe(weightAtKill);

    // the same backend and database, as a new pod would run it
    const second = await startPortalProcess(config);
    portals.push(second);
    const { record, timeline } = await until(
      'the second backend to promote the rollout',
      r => r.record.state.phase !== 'progressing',
      120_000,
    );
    expect(record.state.phase).toBe('promoted');
    expect(stepsOf(timeline)).toEqual([
      ['start', 10],
      ['advance', 20],
      ['advance', 30],
      ['advance', 40],
      ['promote', 100],
    ]);
    // the steps past the one it was killed at were the second backend's
    const later = timeline.filter(
      e =>
        (e.kind === 'advance' || e.kind === 'promote') &&
        e.weight > weightAtKill,
    );
    expect(later.length).toBeGreaterThan(0);
    for (const step of later) {
      expect(new Date(step.at).getTime()).toBeGreaterThan(killedAt.getTime());
    }
  });
});
