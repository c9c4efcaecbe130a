import {
  ANNOTATION_ROLLOUT,
  ANNOTATION_ROLLOUT_TIMELINE,
  LABEL_ROLLOUT_PHASE,
  parseRolloutAnnotation,
  parseRolloutTimeline,
  RolloutManualAction,
} from '@service-mesh/plugin-service-mesh-common';
import {
  controlRollout,
  kubeConfigFor,
  readRollout,
} from '@service-mesh/plugin-service-mesh-node';
import { kinds } from '@internal/mesh-sandbox';
import { runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  eventually,
  startTestCluster,
  stored,
  storedState,
  TestCluster,
  writesOf,
} from '../__testUtils__/testCluster';
import { clusterNamed } from '../cluster/clusters';
import { createCanaryRolloutAction } from './canaryRollout';

// waiting for an outcome polls every few seconds
jest.setTimeout(120_000);

describe('servicemesh:canary:rollout', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createCanaryRolloutAction>;
  const namespace = 'user1-sockshop';
  const input = {
    cluster: 'local',
    namespace,
    service: 'front-end',
    stableSubset: 'v1',
    canarySubset: 'v2',
  };
  const user = { ref: 'user:default/guest' };
  const virtualService = () =>
    stored(
      cluster.sandbox,
      'networking.istio.io',
      'virtualservices',
      namespace,
      'front-end-virtualservice',
    );
  const weights = async () =>
    (await virtualService())?.spec.http[0].route.map((r: any) => [
      r.destination.subset,
      r.weight,
    ]);
  const kc = () => kubeConfigFor(clusterNamed(cluster.config, 'local'), 'test');
  const control = (manual: RolloutManualAction) =>
    controlRollout({
      kc: kc(),
      namespace,
      service: 'front-end',
      action: manual,
      actor: 'user:default/tester',
      now: new Date(),
    });
  /** Acts on the rollout once the action has started it (its step 1 and start event written). */
  const onceStarted = async (manual: RolloutManualAction) => {
    await eventually('the rollout started', async () => {
      const rollout = await readRollout(kc(), namespace, 'front-end');
      const started =
        rollout.record.state.phase === 'progressing' &&
        rollout.timeline.length === 1;
      return started ? true : undefined;
    });
    await new Promise(resolve => setTimeout(resolve, 1000));
    await control(manual);
  };

  beforeAll(async () => {
    cluster = await startTestCluster();
    await runGuide(cluster.config, {});
    await cluster.sandbox.settle();
    action = createCanaryRolloutAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run, and says what it would start', async () => {
    const before = await storedState(cluster.sandbox);
    const { log, outputs } = await runAction(action, input, {
      dryRun: true,
      user,
    });
    expect(await storedState(cluster.sandbox)).toEqual(before);
    expect(log).toContain(
      'VirtualService user1-sockshop/front-end-virtualservice: would start a rollout of front-end to v2 at 10 % (steps 10, 25, 50, 100 %); nothing was written',
    );
    expect(outputs).toEqual({
      virtualService: 'front-end-virtualservice',
      phase: 'progressing',
      weight: 10,
      steps: [10, 25, 50, 100],
    });
  });

  it.each([
    [
      { steps: [25, 10] },
      'Invalid input: steps[1] must be greater than steps[0] (25)',
    ],
    [
      { steps: [10, 150] },
      'Invalid input: steps[1] must be a whole number from 1 to 100, got 150',
    ],
    [
      { failedChecksThreshold: 0 },
      'Invalid input: failedChecksThreshold must be a whole number, 1 or more, got 0',
    ],
    [
      { minRequests: 0, interval: '1 minute' },
      'Invalid input: minRequests must be a whole number, 1 or more, got 0; interval must be a duration such as "30s", "1m" or "2h", got "1 minute"',
    ],
    [
      { stepWeight: 10 },
      'Invalid input: maxWeight is required with stepWeight',
    ],
    [
      { service: 'nope' },
      "service no Service 'nope' in namespace 'user1-sockshop'",
    ],
    [
      { canarySubset: 'v3' },
      "canarySubset no DestinationRule for front-end defines subset 'v3'; defined subsets: v1, v2",
    ],
    [
      { canaryVersion: 'v9' },
      "canaryVersion subset 'v2' selects version 'v2', not 'v9'",
    ],
  ])('refuses %j naming the input, writing nothing', async (bad, message) => {
    const before = await storedState(cluster.sandbox);
    cluster.sandbox.stats.reset();
    const error = await runAction(action, { ...input, ...bad }, { user }).catch(
      e => e,
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(message);
    expect(writesOf(cluster.sandbox)).toBe(0);
    expect(await storedState(cluster.sandbox)).toEqual(before);
  });

  it("starts: step 1's weights, the rollout's annotations and its phase label", async () => {
    const { outputs, log } = await runAction(action, input, { user });
    expect(outputs).toEqual({
      virtualService: 'front-end-virtualservice',
      phase: 'progressing',
      weight: 10,
      steps: [10, 25, 50, 100],
    });
    expect(await weights()).toEqual([
      ['v1', 90],
      ['v2', 10],
    ]);
    const { metadata } = (await virtualService())!;
    expect(metadata.labels?.[LABEL_ROLLOUT_PHASE]).toBe('progressing');
    const record = parseRolloutAnnotation(
      metadata.annotations![ANNOTATION_ROLLOUT],
    );
    expect(record.plan).toEqual({
      service: 'front-end',
      stable: { subset: 'v1', version: 'v1' },
      canary: { subset: 'v2', version: 'v2' },
      steps: [10, 25, 50],
      bakeSeconds: 60,
      checks: {
        minSuccessRatePercent: 99,
        maxP99LatencyMs: 500,
        minRequests: 20,
        interval: '1m',
        failedChecksThreshold: 2,
      },
    });
    expect(record.state).toMatchObject({
      phase: 'progressing',
      stepIndex: 0,
      weight: 10,
    });
    const timeline = parseRolloutTimeline(
      metadata.annotations![ANNOTATION_ROLLOUT_TIMELINE],
    );
    expect(timeline).toMatchObject([
      { kind: 'start', weight: 10, actor: 'user:default/guest' },
    ]);
    expect(log).toContain(timeline[0].message);
  });

  it('refuses a second start while one is progressing, writing nothing', async () => {
    const before = await storedState(cluster.sandbox);
    cluster.sandbox.stats.reset();
    const error = await runAction(
      action,
      { ...input, steps: [50] },
      { user },
    ).catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      'a rollout of front-end to v2 is progressing at 10 % on VirtualService front-end-virtualservice; promote or abort it first',
    );
    expect(writesOf(cluster.sandbox)).toBe(0);
    expect(await storedState(cluster.sandbox)).toEqual(before);
  });

  it('names the permission the read-only credentials lack', async () => {
    await control('abort');
    await expect(
      runAction(action, { ...input, cluster: 'read-only' }, { user }),
    ).rejects.toThrow(
      "Not allowed to patch (server-side apply) VirtualService (virtualservices.networking.istio.io) in namespace 'user1-sockshop': the cluster's service account lacks the permission",
    );
  });

  it('waits for the outcome and succeeds once the rollout is promoted', async () => {
    const promoted = onceStarted('promote');
    const run = runAction(action, { ...input, waitForOutcome: true }, { user });
    const [{ outputs, log }] = await Promise.all([run, promoted]);
    expect(outputs).toMatchObject({ phase: 'promoted', weight: 100 });
    expect(log).toContain(
      'promote: user:default/tester promoted v2 to 100 % from step 1 (10 %)',
    );
    expect(await weights()).toEqual([
      ['v1', 0],
      ['v2', 100],
    ]);
  });

  it('fails with the last event when the rollout is aborted meanwhile', async () => {
    const aborted = onceStarted('abort');
    const run = runAction(
      action,
      { ...input, waitForOutcome: true },
      { user },
    ).catch(e => e);
    const [error] = await Promise.all([run, aborted]);
    expect(error.message).toBe(
      'The rollout of front-end to v2 was aborted: user:default/tester aborted the rollout at step 1 (10 %); v2 to 0 %',
    );
    expect(await weights()).toEqual([
      ['v1', 100],
      ['v2', 0],
    ]);
  });

  it('fails after the timeout, saying the rollout keeps running', async () => {
    await expect(
      runAction(
        action,
        { ...input, waitForOutcome: true, timeoutSeconds: 1 },
        { user },
      ),
    ).rejects.toThrow(
      'The rollout of front-end to v2 is still progressing at 10 % after 1 s; it keeps running',
    );
    expect(
      (await virtualService())?.metadata.labels?.[LABEL_ROLLOUT_PHASE],
    ).toBe('progressing');
  });

  it('refuses a VirtualService Flagger owns, naming Flagger and writing nothing', async () => {
    await control('abort');
    await cluster.sandbox.client.mergePatch(
      kinds.virtualServices,
      namespace,
      'front-end-virtualservice',
      {
        metadata: {
          ownerReferences: [
            {
              apiVersion: 'flagger.app/v1beta1',
              kind: 'Canary',
              name: 'front-end',
              uid: '6a1c2f4e-0000-4000-8000-000000000001',
            },
          ],
        },
      },
      { fieldManager: 'flagger' },
    );
    const before = await storedState(cluster.sandbox);
    cluster.sandbox.stats.reset();
    const error = await runAction(action, input, { user }).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      "service front-end's VirtualService front-end-virtualservice is managed by Flagger Canary front-end; shift its traffic there",
    );
    expect(writesOf(cluster.sandbox)).toBe(0);
    expect(await storedState(cluster.sandbox)).toEqual(before);
  });
});
