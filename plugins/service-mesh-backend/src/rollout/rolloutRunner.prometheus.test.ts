import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  RealPrometheus,
  Sandbox,
  kinds,
  prometheusInstalled,
  sandboxKubernetesConfig,
} from '@internal/mesh-sandbox';
import {
  LABEL_ROLLOUT_PHASE,
  RolloutEvent,
  RolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';
import {
  controlRollout,
  kubeConfigFor,
  readClusters,
  readRollout,
  startRollout,
  StoredRollout,
} from '@service-mesh/plugin-service-mesh-node';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { startMeshedTraffic } from '../__testUtils__/meshedTraffic';
import { eventually, sandboxRequest } from '../__testUtils__/sandboxRequests';
import { canaryCheckResults } from './canaryChecks';
import { RolloutRunner, RolloutTickOutcome } from './rolloutRunner';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { backendFor } from '../__testUtils__/meshBackend';

jest.setTimeout(240_000);

const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;
const ns = 'user1-sockshop';

/** A plan for front-end v2 checked every 5 s with no bake time, so a step takes one interval. */
function planWith(
  overrides: Partial<RolloutPlan> = {},
  checks = {},
): RolloutPlan {
  return {
    service: 'front-end',
    stable: { subset: 'v1', version: 'v1' },
    canary: { subset: 'v2', version: 'v2' },
    steps: [20, 50],
    bakeSeconds: 0,
    ...overrides,
    checks: {
      minSuccessRatePercent: 95,
      maxP99LatencyMs: 500,
      minRequests: 20,
      interval: '5s',
      failedChecksThreshold: 2,
      ...checks,
    },
  };
}

const stepWeights = (timeline: RolloutEvent[]) =>
  timeline
    .filter(e => ['start', 'advance', 'promote', 'rollback'].includes(e.kind))
    .map(e => e.weight);

/**
 * The runner against the local cluster and a real Prometheus scraping its
 * traffic (100 requests/s to front-end, split by the VirtualService's weights).
 */
describeWithPrometheus('the rollout runner on the local cluster', () => {
  let sandbox: Sandbox;
  let prometheus: RealPrometheus;
  let client: PrometheusClient;
  const clusters = () =>
    readClusters(
      new ConfigReader({ kubernetes: sandboxKubernetesConfig(sandbox) }),
    );
  const kc = () => kubeConfigFor(clusters()[0]);
  const runner = () =>
    new RolloutRunner({
      clusters: clusters(),
      prometheusOf: () => client,
      logger: mockServices.logger.mock(),
    });
  const vsNow = (): Promise<any> =>
    sandbox.client.get(kinds.virtualServices, ns, 'front-end-virtualservice');
  const v2Weight = async () =>
    (await vsNow()).spec.http[0].route.find(
      (r: any) => r.destination.subset === 'v2',
    ).weight;
  const rolloutNow = () => readRollout(kc(), ns, 'front-end');
  const fault = (errorRate: number) =>
    sandboxRequest(
      sandbox,
      'POST',
      '/_sandbox/workload-faults',
      sandbox.tokens.admin,
      {
        namespace: ns,
        app: 'front-end',
        version: 'v2',
        errorRate,
      },
    );

  /** Ticks the runners every 500 ms until `done` or the deadline; every tick's outcomes. */
  async function tickUntil(
    runners: RolloutRunner[],
    done: (rollout: StoredRollout) => boolean | Promise<boolean>,
    seconds = 60,
  ): Promise<RolloutTickOutcome[]> {
    const outcomes: RolloutTickOutcome[] = [];
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const ticks = await Promise.all(runners.map(r => r.tick()));
      outcomes.push(...ticks.flat());
      if (await done(await rolloutNow())) return outcomes;
      if (Date.now() > deadline) {
        throw new Error(
          `the rollout did not get there in ${seconds} s: ${JSON.stringify(
            (await rolloutNow()).record.state,
          )}; last outcomes ${JSON.stringify(outcomes.slice(-3))}`,
        );
      }
      await new Promise(r => setTimeout(r, 500));
    }
  }

  beforeAll(async () => {
    ({ sandbox, prometheus, client } = await startMeshedTraffic());
    // the first test's checks find a full window of traffic, as on a running cluster
    await eventually(
      () =>
        canaryCheckResults(
          client,
          { namespace: ns, service: 'front-end', version: 'v2' },
          '5s',
        ),
      r => r.requests >= 50,
      60,
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
    await sandbox?.stop();
  });

  afterEach(async () => {
    const { record } = await rolloutNow().catch(() => ({ record: undefined }));
    if (
      record?.state.phase === 'progressing' ||
      record?.state.phase === 'paused'
    ) {
      await controlRollout({
        kc: kc(),
        namespace: ns,
        service: 'front-end',
        action: 'abort',
        actor: 'test',
        now: new Date(),
      });
    }
    await sandboxRequest(
      sandbox,
      'DELETE',
      '/_sandbox/workload-faults',
      sandbox.tokens.admin,
    );
    sandbox.settings.trafficRps = 100;
  });

  it('refuses to start where another manager owns the weights, writing nothing', async () => {
    const before = (await vsNow()).metadata.resourceVersion;
    await expect(
      startRollout({
        kc: kc(),
        namespace: ns,
        plan: planWith(),
        actor: 'test',
        now: new Date(),
      }),
    ).rejects.toThrow(
      'VirtualService front-end-virtualservice: spec.http is also managed by "kubectl-client-side-apply"; a rollout would have to take those fields from their manager, so it was not started',
    );
    expect((await vsNow()).metadata.resourceVersion).toBe(before);
    // what servicemesh:canary:deploy does: the plugins' field manager applies the route
    const live = await vsNow();
    await sandbox.client.apply(
      kinds.virtualServices,
      {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name: live.metadata.name, namespace: ns },
        // a changed value moves the field to the new manager (an equal one would be shared)
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

  it('takes a healthy v2 through every step to 100 %', async () => {
    await startRollout({
      kc: kc(),
      namespace: ns,
      plan: planWith(),
      actor: 'test',
      now: new Date(),
    });
    expect(await v2Weight()).toBe(20);
    await tickUntil([runner()], r => r.record.state.phase !== 'progressing');
    const { record, timeline } = await rolloutNow();
    expect(record.state.phase).toBe('promoted');
    expect(stepWeights(timeline)).toEqual([20, 50, 100]);
    expect(timeline.map(e => e.kind)).toEqual(['start', 'advance', 'promote']);
    // each step was decided on this version's traffic, all of it answered
    for (const step of timeline.slice(1)) {
      expect(step.results!.successRatePercent).toBe(100);
      expect(step.results!.requests).toBeGreaterThanOrEqual(20);
    }
    expect(await v2Weight()).toBe(100);
    expect((await vsNow()).metadata.labels[LABEL_ROLLOUT_PHASE]).toBe(
      'promoted',
    );
  });

  it('rolls a v2 that starts failing at 25 % back to 0 % at the check that reaches the threshold', async () => {
    await startRollout({
      kc: kc(),
      namespace: ns,
      plan: planWith({ steps: [10, 25, 50] }),
      actor: 'test',
      now: new Date(),
    });
    const r = runner();
    await tickUntil([r], async rollout => {
      if (rollout.record.state.weight !== 25) return false;
      expect((await fault(0.5)).status).toBe(201);
      return true;
    });
    await tickUntil(
      [r],
      rollout => rollout.record.state.phase !== 'progressing',
    );
    const { record, timeline } = await rolloutNow();
    expect(record.state).toMatchObject({
      phase: 'rolledBack',
      weight: 0,
      failedChecks: 2,
    });
    expect(stepWeights(timeline)).toEqual([10, 25, 0]);
    const failed = timeline.filter(e => e.kind === 'check');
    const rollback = timeline.at(-1)!;
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toContain('check failed (1 of 2)');
    expect(rollback.kind).toBe('rollback');
    expect(rollback.message).toContain('rolled back, v2 to 0 %');
    // one interval (5 s) after the first failed check, plus the runner's own pace
    const gap = Date.parse(rollback.at) - Date.parse(failed[0].at);
    expect(gap).toBeGreaterThanOrEqual(5000);
    expect(gap).toBeLessThan(5000 + 2000);
    expect(await v2Weight()).toBe(0);
  });

  it('waits on a step with too little traffic, neither passing nor failing it', async () => {
    await startRollout({
      kc: kc(),
      namespace: ns,
      plan: planWith({}, { minRequests: 1_000_000 }),
      actor: 'test',
      now: new Date(),
    });
    await tickUntil(
      [runner()],
      rollout =>
        rollout.timeline.filter(e => e.kind === 'inconclusive').length >= 2,
    );
    const { record, timeline } = await rolloutNow();
    expect(record.state).toMatchObject({
      phase: 'progressing',
      stepIndex: 0,
      weight: 20,
      failedChecks: 0,
    });
    expect(timeline.at(-1)!.message).toContain('inconclusive');
    expect(timeline.at(-1)!.message).toContain('fewer than 1000000');
    expect(await v2Weight()).toBe(20);
    await controlRollout({
      kc: kc(),
      namespace: ns,
      service: 'front-end',
      action: 'abort',
      actor: 'test',
      now: new Date(),
    });
  });

  it('goes on where a stopped runner left off, without skipping or repeating a step', async () => {
    await startRollout({
      kc: kc(),
      namespace: ns,
      plan: planWith({ steps: [10, 20, 30, 40] }),
      actor: 'test',
      now: new Date(),
    });
    // the first backend stops after the second step
    await tickUntil([runner()], r => r.record.state.weight === 20);
    // a new one, with nothing in memory but the cluster
    await tickUntil([runner()], r => r.record.state.phase !== 'progressing');
    const { record, timeline } = await rolloutNow();
    expect(record.state.phase).toBe('promoted');
    expect(stepWeights(timeline)).toEqual([10, 20, 30, 40, 100]);
  });

  it('lets only one of two runners at once take each step', async () => {
    await startRollout({
      kc: kc(),
      namespace: ns,
      plan: planWith({ steps: [30, 60] }),
      actor: 'test',
      now: new Date(),
    });
    const outcomes = await tickUntil(
      [runner(), runner()],
      r => r.record.state.phase !== 'progressing',
    );
    const { timeline } = await rolloutNow();
    expect(stepWeights(timeline)).toEqual([30, 60, 100]);
    expect(timeline.map(e => e.kind)).toEqual(['start', 'advance', 'promote']);
    // both read the same rollout and decided the same step; the API server took one write
    expect(
      outcomes.filter(o => o.outcome === 'lost').length,
    ).toBeGreaterThanOrEqual(1);
    expect(outcomes.filter(o => o.outcome === 'failed')).toEqual([]);
  });
  /** A backend with the plugin, its scheduler stepping rollouts every second. */
  const backend = async () =>
    (
      await backendFor(sandbox, {
        realScheduler: true,
        serviceMesh: {
          rollouts: { checkFrequencySeconds: 1 },
          clusters: [{ name: 'local', prometheus: { url: prometheus.url } }],
        },
      })
    ).backend;
  const startThrough = (server: any, plan: RolloutPlan) =>
    request(server)
      .post('/api/service-mesh/entities/system/default/sockshop/rollouts')
      .set('Authorization', mockCredentials.user.header())
      .send({ plan });
  const waitFor = async (done: (r: StoredRollout) => boolean, seconds = 60) => {
    const deadline = Date.now() + seconds * 1000;
    while (!done(await rolloutNow())) {
      if (Date.now() > deadline)
        throw new Error(
          `the rollout did not get there in ${seconds} s: ${JSON.stringify(
            (await rolloutNow()).record.state,
          )}`,
        );
      await new Promise(r => setTimeout(r, 250));
    }
  };

  it('goes on after the backend stops mid-rollout and another starts, each step once', async () => {
    const first = await backend();
    const started = await startThrough(
      first.server,
      planWith({ steps: [10, 20, 30] }),
    );
    expect(started.status).toBe(201);
    await waitFor(r => r.record.state.weight === 20);
    await first.stop();
    const second = await backend();
    await waitFor(r => r.record.state.phase !== 'progressing');
    await second.stop();
    const { record, timeline } = await rolloutNow();
    expect(record.state.phase).toBe('promoted');
    expect(stepWeights(timeline)).toEqual([10, 20, 30, 100]);
  });

  it('is stepped once per step by two backends running at once', async () => {
    const [one, two] = await Promise.all([backend(), backend()]);
    expect(
      (await startThrough(two.server, planWith({ steps: [25, 50, 75] })))
        .status,
    ).toBe(201);
    await waitFor(r => r.record.state.phase !== 'progressing');
    await Promise.all([one.stop(), two.stop()]);
    const { timeline } = await rolloutNow();
    expect(timeline.map(e => e.kind)).toEqual([
      'start',
      'advance',
      'advance',
      'promote',
    ]);
    expect(stepWeights(timeline)).toEqual([25, 50, 75, 100]);
  });
});
