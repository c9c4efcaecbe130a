import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  RealPrometheus,
  Sandbox,
  kinds,
  meshedSailScenario,
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
import { RolloutRunner } from './rolloutRunner';

jest.setTimeout(240_000);

const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;
const user = 'user1';
const ns = 'user1-sockshop';

/**
 * front-end split by the OSSM 3 way (meshed-sail): an HTTPRoute's backendRefs
 * to front-end-v1 and front-end-v2, checked every 5 s with no bake time.
 */
function planWith(overrides: Partial<RolloutPlan> = {}): RolloutPlan {
  return {
    service: 'front-end',
    stable: { subset: 'front-end-v1', version: 'v1' },
    canary: { subset: 'front-end-v2', version: 'v2' },
    steps: [20, 50],
    bakeSeconds: 0,
    ...overrides,
    checks: {
      minSuccessRatePercent: 95,
      maxP99LatencyMs: 500,
      minRequests: 20,
      interval: '5s',
      failedChecksThreshold: 2,
    },
  };
}

const stepWeights = (timeline: RolloutEvent[]) =>
  timeline
    .filter(e => ['start', 'advance', 'promote', 'rollback'].includes(e.kind))
    .map(e => e.weight);

/**
 * Rollouts on a Gateway API HTTPRoute, against the local cluster's Sail
 * scenario and a real Prometheus scraping its traffic (100 requests/s through
 * the Gateway, split by the HTTPRoute's backendRef weights).
 */
describeWithPrometheus('a rollout on an HTTPRoute', () => {
  let sandbox: Sandbox;
  let prometheus: RealPrometheus;
  let client: PrometheusClient;
  const kc = () =>
    kubeConfigFor(
      readClusters(
        new ConfigReader({ kubernetes: sandboxKubernetesConfig(sandbox) }),
      )[0],
    );
  const runner = () =>
    new RolloutRunner({
      clusters: readClusters(
        new ConfigReader({ kubernetes: sandboxKubernetesConfig(sandbox) }),
      ),
      prometheusOf: () => client,
      logger: mockServices.logger.mock(),
    });
  const routeNow = (): Promise<any> =>
    sandbox.client.get(kinds.httpRoutes, ns, 'front-end');
  const weights = async () =>
    Object.fromEntries(
      (await routeNow()).spec.rules[0].backendRefs.map((r: any) => [
        r.name,
        r.weight,
      ]),
    );
  const rolloutNow = () => readRollout(kc(), ns, 'front-end');
  const fault = (errorRate: number) =>
    sandboxRequest(
      sandbox,
      'POST',
      '/_sandbox/workload-faults',
      sandbox.tokens.admin,
      { namespace: ns, app: 'front-end', version: 'v2', errorRate },
    );

  async function tickUntil(
    runner_: RolloutRunner,
    done: (rollout: StoredRollout) => boolean | Promise<boolean>,
    seconds = 60,
  ) {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const outcomes = await runner_.tick();
      if (await done(await rolloutNow())) return;
      if (Date.now() > deadline) {
        throw new Error(
          `the rollout did not get there in ${seconds} s: ${JSON.stringify(
            (await rolloutNow()).record.state,
          )}; last outcomes ${JSON.stringify(outcomes)}`,
        );
      }
      await new Promise(r => setTimeout(r, 500));
    }
  }

  beforeAll(async () => {
    ({ sandbox, prometheus, client } = await startMeshedTraffic(
      meshedSailScenario({ users: 1 }),
    ));
    // the canary's checks read the per-version Service's series
    await eventually(
      () =>
        canaryCheckResults(
          client,
          { namespace: ns, service: 'front-end-v2', version: 'v2' },
          '5s',
        ),
      r => r.requests >= 20,
      90,
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
    // the cluster's reset empties namespaces only: the cluster-scoped Istio would outlive this sandbox
    await sandbox?.client.delete(kinds.istios, undefined, user).catch(() => {});
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
  });

  it('refuses a plan naming a Service the HTTPRoute does not split to, writing nothing', async () => {
    const before = (await routeNow()).metadata.resourceVersion;
    await expect(
      startRollout({
        kc: kc(),
        namespace: ns,
        plan: planWith({ canary: { subset: 'carts', version: 'v2' } }),
        actor: 'test',
        now: new Date(),
      }),
    ).rejects.toThrow(
      "invalid rollout plan: canary.subset HTTPRoute front-end rule 0 has no backendRef to Service 'carts'; its backendRefs: front-end-v1, front-end-v2",
    );
    await expect(
      startRollout({
        kc: kc(),
        namespace: ns,
        plan: planWith({ canary: { subset: 'front-end-v2', version: 'v3' } }),
        actor: 'test',
        now: new Date(),
      }),
    ).rejects.toThrow(
      "invalid rollout plan: canary.version Service 'front-end-v2' selects version 'v2', not 'v3'",
    );
    // DestinationRule subsets do not route this service: the error says what does
    await expect(
      startRollout({
        kc: kc(),
        namespace: ns,
        plan: planWith({
          stable: { subset: 'v1', version: 'v1' },
          canary: { subset: 'v2', version: 'v2' },
        }),
        actor: 'test',
        now: new Date(),
      }),
    ).rejects.toThrow(
      'HTTPRoute front-end splits it over the Services front-end-v1, front-end-v2: name two of those as stable.subset and canary.subset',
    );
    expect((await routeNow()).metadata.resourceVersion).toBe(before);
  });

  it('refuses to start where another manager owns the weights, then runs once the plugins own them', async () => {
    await expect(
      startRollout({
        kc: kc(),
        namespace: ns,
        plan: planWith(),
        actor: 'test',
        now: new Date(),
      }),
    ).rejects.toThrow(
      /^HTTPRoute front-end: spec\.rules is also managed by "[^"]+"; a rollout would have to take those fields from their manager, so it was not started$/,
    );
    // what a template action does: the plugins' field manager applies the route
    const live = await routeNow();
    await sandbox.client.apply(
      kinds.httpRoutes,
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: live.metadata.name, namespace: ns },
        spec: {
          ...live.spec,
          rules: [
            {
              ...live.spec.rules[0],
              backendRefs: live.spec.rules[0].backendRefs.map((r: any) => ({
                ...r,
                weight: r.name === 'front-end-v1' ? 100 : 0,
              })),
            },
          ],
        },
      },
      { fieldManager: 'backstage-service-mesh', force: true },
    );
  });

  it('takes a healthy v2 through every step to 100 %, on the backendRef weights', async () => {
    await startRollout({
      kc: kc(),
      namespace: ns,
      plan: planWith(),
      actor: 'test',
      now: new Date(),
    });
    expect(await weights()).toEqual({ 'front-end-v1': 80, 'front-end-v2': 20 });
    await tickUntil(runner(), r => r.record.state.phase !== 'progressing');
    const { record, timeline, route } = await rolloutNow();
    expect(route.kind).toBe('HTTPRoute');
    expect(record.state.phase).toBe('promoted');
    expect(stepWeights(timeline)).toEqual([20, 50, 100]);
    // each step was decided on front-end-v2's own traffic, all of it answered
    for (const step of timeline.slice(1)) {
      expect(step.results!.successRatePercent).toBe(100);
      expect(step.results!.requests).toBeGreaterThanOrEqual(20);
    }
    expect(await weights()).toEqual({ 'front-end-v1': 0, 'front-end-v2': 100 });
    const live = await routeNow();
    expect(live.metadata.labels[LABEL_ROLLOUT_PHASE]).toBe('promoted');
    // what the route is for is left as it was
    expect(live.spec.parentRefs).toMatchObject([{ name: 'front-end-gateway' }]);
  });

  it('rolls a v2 that starts failing at 25 % back to 0 %', async () => {
    await startRollout({
      kc: kc(),
      namespace: ns,
      plan: planWith({ steps: [10, 25, 50] }),
      actor: 'test',
      now: new Date(),
    });
    const r = runner();
    await tickUntil(r, async rollout => {
      if (rollout.record.state.weight !== 25) return false;
      expect((await fault(0.5)).status).toBe(201);
      return true;
    });
    await tickUntil(r, rollout => rollout.record.state.phase !== 'progressing');
    const { record, timeline } = await rolloutNow();
    expect(record.state).toMatchObject({ phase: 'rolledBack', weight: 0 });
    expect(stepWeights(timeline)).toEqual([10, 25, 0]);
    const failed = timeline.filter(e => e.kind === 'check' && e.results);
    expect(failed.some(e => (e.results!.successRatePercent ?? 100) < 95)).toBe(
      true,
    );
    expect(await weights()).toEqual({ 'front-end-v1': 100, 'front-end-v2': 0 });
  });
});
