import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Sandbox, kinds } from '@internal/mesh-sandbox';
import {
  ANNOTATION_ROLLOUT,
  LABEL_ROLLOUT_PHASE,
  RolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';
import request from 'supertest';
import { backendFor } from '../__testUtils__/meshBackend';
import { startMeshedSandbox } from '../__testUtils__/meshedSandbox';

jest.setTimeout(120_000);

const ns = 'user1-sockshop';
const base = '/api/service-mesh/entities/system/default/sockshop';
const plan: RolloutPlan = {
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
};
// The runner stays out of the way: these tests are about the routes.
const serviceMesh = {
  rollouts: { checkFrequencySeconds: 3600 },
  clusters: [
    {
      name: 'local',
      prometheus: { url: 'http://127.0.0.1:9' },
      deliveryLinks: {
        flagger:
          'https://grafana.example.com/d/flagger-istio?var-namespace={namespace}&var-canary={name}',
      },
    },
  ],
};

describe('rollout routes against the local cluster', () => {
  let sandbox: Sandbox;
  const vsNow = (): Promise<any> =>
    sandbox.client.get(kinds.virtualServices, ns, 'front-end-virtualservice');
  const weightsNow = async () =>
    Object.fromEntries(
      (await vsNow()).spec.http[0].route.map((r: any) => [
        r.destination.subset,
        r.weight,
      ]),
    );

  beforeAll(async () => {
    sandbox = await startMeshedSandbox();
  });
  afterAll(() => sandbox?.stop());

  it('refuses bad plans naming the field, and writes nothing', async () => {
    const { backend } = await backendFor(sandbox, { serviceMesh });
    const before = (await vsNow()).metadata.resourceVersion;
    const cases: [unknown, string][] = [
      [
        { ...plan, steps: [25, 10] },
        'steps[1] must be greater than steps[0] (25)',
      ],
      [
        { ...plan, steps: [10, 150] },
        'steps[1] must be a whole number from 1 to 100, got 150',
      ],
      [
        { ...plan, checks: { ...plan.checks, minSuccessRatePercent: 101 } },
        'checks.minSuccessRatePercent must be between 0 and 100, got 101',
      ],
      [
        { ...plan, checks: { ...plan.checks, failedChecksThreshold: 0 } },
        'checks.failedChecksThreshold must be a whole number, 1 or more, got 0',
      ],
      [
        { ...plan, service: 'payment' },
        'plan.service: "payment" is not a service of system:default/sockshop; its services: carts, front-end',
      ],
      [
        { ...plan, canary: { subset: 'v3', version: 'v3' } },
        "canary.subset no DestinationRule for front-end defines subset 'v3'; defined subsets: v1, v2",
      ],
      [
        { ...plan, canary: { subset: 'v2', version: 'v7' } },
        "canary.version subset 'v2' selects version 'v2', not 'v7'",
      ],
    ];
    for (const [bad, message] of cases) {
      const response = await request(backend.server)
        .post(`${base}/rollouts`)
        .set('Authorization', mockCredentials.user.header())
        .send({ plan: bad });
      expect({
        status: response.status,
        message: response.body.error?.message,
      }).toEqual({
        status: 400,
        message: expect.stringContaining(message),
      });
    }
    expect((await vsNow()).metadata.resourceVersion).toBe(before);
    await backend.stop();
  });

  it('starts a rollout at its first step, refuses a second, and audits who started it', async () => {
    const { backend, events } = await backendFor(sandbox, { serviceMesh });
    const response = await request(backend.server)
      .post(`${base}/rollouts`)
      .set('Authorization', mockCredentials.user.header())
      .send({ plan });
    expect(response.status).toBe(201);
    const frontEnd = response.body.services.find(
      (s: any) => s.name === 'front-end',
    );
    expect(frontEnd.rollout).toMatchObject({
      route: {
        kind: 'VirtualService',
        name: 'front-end-virtualservice',
        index: 0,
      },
      steps: [10, 25, 50, 100],
      state: { phase: 'progressing', stepIndex: 0, weight: 10 },
      timeline: [
        expect.objectContaining({
          kind: 'start',
          weight: 10,
          actor: 'user:default/mock',
          message: expect.stringContaining('steps 10, 25, 50, 100 %'),
        }),
      ],
    });
    // what kubectl shows
    expect(await weightsNow()).toEqual({ v1: 90, v2: 10 });
    const live = await vsNow();
    expect(live.metadata.labels[LABEL_ROLLOUT_PHASE]).toBe('progressing');
    expect(
      JSON.parse(live.metadata.annotations[ANNOTATION_ROLLOUT]).state.weight,
    ).toBe(10);
    // the gateway binding and hosts are kept
    expect(live.spec.gateways).toEqual(['sockshop-wildcard-gateway']);

    const again = await request(backend.server)
      .post(`${base}/rollouts`)
      .set('Authorization', mockCredentials.user.header())
      .send({ plan });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(
      'a rollout of front-end to v2 is progressing at 10 %',
    );
    expect(events[0]).toMatchObject({
      eventId: 'rollout-start',
      meta: expect.objectContaining({ service: 'front-end', canary: 'v2' }),
    });
    expect(events[1]).toEqual({
      success: {
        route: 'VirtualService front-end-virtualservice',
        phase: 'progressing',
        weight: 10,
      },
    });
    await backend.stop();
  });

  it('pauses, refuses what the phase does not allow, and aborts back to the stable version', async () => {
    const { backend } = await backendFor(sandbox, { serviceMesh });
    const act = (action: string) =>
      request(backend.server)
        .post(`${base}/rollouts/front-end/${action}`)
        .set('Authorization', mockCredentials.user.header())
        .send({});
    const paused = await act('pause');
    expect(paused.status).toBe(200);
    const rollout = () =>
      paused.body.services.find((s: any) => s.name === 'front-end').rollout;
    expect(rollout().state.phase).toBe('paused');
    expect(rollout().timeline.at(-1)).toMatchObject({
      kind: 'pause',
      message: 'user:default/mock paused the rollout at step 1 (10 %)',
    });

    const twice = await act('pause');
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe(
      'cannot pause a rollout that is paused',
    );
    const unknown = await act('restart');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain(
      'action must be one of pause, resume, promote, abort',
    );

    const aborted = await act('abort');
    expect(aborted.status).toBe(200);
    expect(await weightsNow()).toEqual({ v1: 100, v2: 0 });
    expect((await vsNow()).metadata.labels[LABEL_ROLLOUT_PHASE]).toBe(
      'aborted',
    );
    await backend.stop();
  });

  it('answers 403 to someone who may not change the namespace, and writes nothing', async () => {
    const { backend } = await backendFor(sandbox, {
      serviceMesh,
      result: AuthorizeResult.DENY,
    });
    const before = (await vsNow()).metadata.resourceVersion;
    const response = await request(backend.server)
      .post(`${base}/rollouts`)
      .set('Authorization', mockCredentials.user.header())
      .send({ plan });
    expect(response.status).toBe(403);
    expect((await vsNow()).metadata.resourceVersion).toBe(before);
    await backend.stop();
  });

  it('shows a route Flagger owns with its phase and weight, and refuses a rollout on it', async () => {
    const { backend } = await backendFor(sandbox, { serviceMesh });
    const live = await vsNow();
    await sandbox.client.apply(
      kinds.virtualServices,
      {
        metadata: {
          name: live.metadata.name,
          namespace: ns,
          ownerReferences: [
            {
              apiVersion: 'flagger.app/v1beta1',
              kind: 'Canary',
              name: 'front-end',
              uid: '00000000-0000-0000-0000-000000000001',
              controller: true,
            },
          ],
        },
      },
      { fieldManager: 'flagger' },
    );
    const before = (await vsNow()).metadata.resourceVersion;
    const status = await request(backend.server)
      .get(`${base}/status`)
      .set('Authorization', mockCredentials.user.header());
    expect(
      status.body.services.find((s: any) => s.name === 'front-end').deliveredBy,
    ).toEqual({
      tool: 'flagger',
      kind: 'Canary',
      namespace: ns,
      name: 'front-end',
      link: 'https://grafana.example.com/d/flagger-istio?var-namespace=user1-sockshop&var-canary=front-end',
    });
    const response = await request(backend.server)
      .post(`${base}/rollouts`)
      .set('Authorization', mockCredentials.user.header())
      .send({ plan });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(
      "service front-end's VirtualService front-end-virtualservice is managed by Flagger Canary front-end",
    );
    expect((await vsNow()).metadata.resourceVersion).toBe(before);
    await backend.stop();
  });
});
