import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import * as k8s from '@kubernetes/client-node';
import {
  kinds,
  Sandbox,
  sandboxKubernetesConfig,
} from '@internal/mesh-sandbox';
import request from 'supertest';
import { serviceMeshPlugin } from '../plugin';
import { catalogWithLocations } from '../__testUtils__/catalog';
import { frontEndComponent } from '../__testUtils__/entities';
import { startMeshedSandbox } from '../__testUtils__/meshedSandbox';
import {
  statusReaderRules,
  tokenWithRules,
} from '../__testUtils__/scopedToken';
import { Informer } from './informer';
import { KubeTransport } from './kubeTransport';
import { watchedKinds } from './clusterWatch';

jest.setTimeout(240_000);

const ns = 'user1-sockshop';
const STATUS = '/api/service-mesh/entities/component/default/front-end/status';

/** Polls `check` until it holds (or the deadline, then its last failure is thrown). */
async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}

describe('the mesh status from watches, against the real API server', () => {
  let sandbox: Sandbox;
  const backends: { stop(): Promise<void> }[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const informers: Informer[] = [];

  beforeAll(async () => {
    sandbox = await startMeshedSandbox();
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(async () => {
    informers.forEach(i => i.stop());
    for (const backend of backends) await backend.stop();
    for (const cleanup of cleanups) await cleanup();
    await sandbox?.stop();
  });

  async function backendWith(
    watch: {
      enabled: boolean;
      idleStopSeconds?: number;
      maxObjectsPerCluster?: number;
    },
    token = sandbox.tokens.write,
  ) {
    const backend = await startTestBackend({
      features: [
        serviceMeshPlugin,
        catalogWithLocations([frontEndComponent]),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: sandboxKubernetesConfig(sandbox, { token }),
            serviceMesh: { cacheTtlSeconds: 0, watch },
          },
        }),
      ],
    });
    backends.push(backend);
    const get = async (path: string) => {
      const response = await request(backend.server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(200);
      return response.body;
    };
    return {
      backend,
      status: (query = '') => get(`${STATUS}${query}`),
      diagnostics: () => get('/api/service-mesh/watch/diagnostics'),
    };
  }

  const weightsOf = (status: any) =>
    status.services
      .find((s: any) => s.name === 'front-end')
      .routes[0].destinations.map((d: any) => d.weight);

  async function setWeights(v1: number, v2: number) {
    const vs = await sandbox.client.get(
      kinds.virtualServices,
      ns,
      'front-end-virtualservice',
    );
    const http = structuredClone(vs.spec.http);
    http[0].route[0].weight = v1;
    http[0].route[1].weight = v2;
    // As the plugin's own field manager, so that its traffic shifts stay conflict-free.
    await sandbox.client.apply(
      kinds.virtualServices,
      {
        metadata: { name: 'front-end-virtualservice', namespace: ns },
        spec: { ...vs.spec, http },
      },
      { fieldManager: 'backstage-service-mesh', force: true },
    );
  }

  it('answers what the LIST path answers, then makes no upstream call per view', async () => {
    const listed = await (await backendWith({ enabled: false })).status();
    const { status, backend: started } = await backendWith({ enabled: true });
    const backend = started.server;
    const first = await status();
    expect(first.sources.kubernetes).toEqual({
      state: 'ok',
      mode: 'watch',
      cache: { objects: expect.any(Number), maxObjects: 50000 },
    });
    expect(first.version).toEqual(expect.any(Number));
    const strip = (s: any) => ({
      ...s,
      generatedAt: undefined,
      version: undefined,
      sources: undefined,
    });
    expect(strip(first)).toEqual(strip(listed));

    // Warm: every watch is open (the status waits for that), so nothing is left to ask.
    sandbox.stats.reset();
    for (let i = 0; i < 20; i++) {
      const again = await status();
      expect(again.version).toBe(first.version);
    }
    expect(sandbox.stats.snapshot()).toEqual({
      total: 0,
      byVerb: {},
      byResource: {},
    });

    const bad = await request(backend)
      .get(`${STATUS}?sinceVersion=latest`)
      .set('Authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'sinceVersion must be the version of an earlier status (a whole number), got "latest"',
    );
  });

  it('answers a long poll when a VirtualService weight changes, and when a new pod turns ready', async () => {
    const { status } = await backendWith({ enabled: true });
    const before = await status();
    expect(weightsOf(before)).toEqual([80, 20]);

    const held = status(`?sinceVersion=${before.version}`);
    await setWeights(60, 40);
    const after = await held;
    expect(weightsOf(after)).toEqual([60, 40]);
    expect(after.version).toBeGreaterThan(before.version);

    // A second front-end pod: the status follows it to Ready through long polls.
    await sandbox.client.mergePatch(kinds.deployments, ns, 'front-end', {
      spec: { replicas: 2 },
    });
    let current = after;
    const deadline = Date.now() + 90_000;
    const readyPods = (s: any) =>
      s.services
        .find((x: any) => x.name === 'front-end')
        .workloads.find((w: any) => w.name === 'front-end').readyPods;
    while (readyPods(current) < 2 && Date.now() < deadline)
      current = await status(`?sinceVersion=${current.version}`);
    expect(readyPods(current)).toBe(2);
    await sandbox.client.mergePatch(kinds.deployments, ns, 'front-end', {
      spec: { replicas: 1 },
    });
    await setWeights(80, 20);
  });

  it('answers a traffic shift with the new weights at once', async () => {
    const { backend, status } = await backendWith({ enabled: true });
    await status();
    const response = await request(backend.server)
      .post('/api/service-mesh/entities/component/default/front-end/traffic')
      .set('Authorization', mockCredentials.user.header())
      .send({ service: 'front-end', weights: { v1: 50, v2: 50 } });
    expect(response.status).toBe(200);
    expect(weightsOf(response.body)).toEqual([50, 50]);
    expect(weightsOf(await status())).toEqual([50, 50]);
    await setWeights(80, 20);
  });

  it('lists per request, and says why in sources, where the role lacks watch', async () => {
    const { token, remove } = await tokenWithRules(
      sandbox,
      'no-watch',
      statusReaderRules(rule => ({ ...rule, verbs: ['get', 'list'] })),
    );
    cleanups.push(remove);
    const { status, diagnostics } = await backendWith({ enabled: true }, token);
    const first = await status();
    expect(first.sources.kubernetes).toEqual({
      state: 'ok',
      mode: 'list',
      note: expect.stringMatching(
        /^the portal.s service account may not watch (namespaces user1-sockshop|\w+ in user1-sockshop), so this namespace is listed on each request instead of watched$/,
      ),
    });
    expect(first.version).toBeUndefined();
    expect(weightsOf(first)).toEqual([80, 20]);
    expect((await diagnostics()).clusters[0].listed).toEqual({
      [ns]: first.sources.kubernetes.note,
    });
    // Still listed on later views, naming the same reason.
    sandbox.stats.reset();
    expect((await status()).sources.kubernetes).toEqual(
      first.sources.kubernetes,
    );
    expect(sandbox.stats.snapshot().byVerb.list).toBeGreaterThan(0);
  });

  it('keeps within maxObjectsPerCluster: a namespace beyond it is listed per request, saying so', async () => {
    const { status, diagnostics } = await backendWith({
      enabled: true,
      maxObjectsPerCluster: 5,
    });
    const first = await status();
    expect(first.sources.kubernetes).toEqual({
      state: 'ok',
      mode: 'list',
      note: expect.stringMatching(
        /^the watch caches of cluster local would hold \d+ objects, more than serviceMesh\.watch\.maxObjectsPerCluster \(5\), so this namespace is listed on each request instead of watched$/,
      ),
    });
    expect(weightsOf(first)).toEqual([80, 20]);
    const held = await diagnostics();
    expect(held.clusters[0].objects).toBeLessThanOrEqual(5);
  });

  it('stops its watches and polls after the quiet period, and starts them again on the next view', async () => {
    const { status, diagnostics } = await backendWith({
      enabled: true,
      idleStopSeconds: 1,
    });
    await status();
    const running = await diagnostics();
    expect(running.clusters[0].informers.length).toBeGreaterThan(0);
    expect(running.polls).toEqual([
      expect.objectContaining({ namespace: ns, running: true }),
    ]);

    await eventually(async () => {
      const quiet = await diagnostics();
      expect(quiet.clusters[0].informers).toEqual([]);
      expect(quiet.polls[0].running).toBe(false);
    });
    // Nothing is asked of the cluster any more.
    sandbox.stats.reset();
    await new Promise(resolve => setTimeout(resolve, 1500));
    expect(sandbox.stats.snapshot().total).toBe(0);

    const again = await status();
    expect(again.sources.kubernetes.mode).toBe('watch');
    expect((await diagnostics()).clusters[0].informers.length).toBeGreaterThan(
      0,
    );
  });

  describe('the informer', () => {
    function transport() {
      const kc = new k8s.KubeConfig();
      kc.loadFromOptions({
        clusters: [
          {
            name: 'local',
            server: sandbox.url,
            caData: Buffer.from(sandbox.caCertificate).toString('base64'),
          },
        ],
        users: [{ name: 'portal', token: sandbox.tokens.write }],
        contexts: [{ name: 'local', cluster: 'local', user: 'portal' }],
        currentContext: 'local',
      });
      return new KubeTransport(kc);
    }

    const weightsIn = (informer: Informer) =>
      informer
        .items()
        .find(o => o.metadata.name === 'front-end-virtualservice')!
        .spec.http[0].route.map((r: any) => r.weight);

    it('relists when its watch resumes from an expired resourceVersion (410 Gone)', async () => {
      const informer = new Informer({
        transport: transport(),
        kind: watchedKinds.virtualservices,
        namespace: ns,
      });
      informers.push(informer);
      // What an informer that kept a resourceVersion from long ago resumes from.
      (informer as unknown as { resourceVersion: string }).resourceVersion =
        '1';
      informer.start();
      await eventually(() => expect(informer.state).toBe('synced'));
      expect(informer.counters).toMatchObject({
        relistsAfterGone: 1,
        lists: 1,
      });
      expect(weightsIn(informer)).toEqual([80, 20]);
      // ...and it watches on from the list's resourceVersion.
      await setWeights(70, 30);
      await eventually(() => expect(weightsIn(informer)).toEqual([70, 30]));
      expect(informer.counters.lists).toBe(1);
      await setWeights(80, 20);
      await eventually(() => expect(weightsIn(informer)).toEqual([80, 20]));
    });

    it('resumes a watch the server ended or dropped from its resourceVersion, missing no change', async () => {
      const informer = new Informer({
        transport: transport(),
        kind: watchedKinds.virtualservices,
        namespace: ns,
        // The API server ends each watch after about a second.
        watchTimeoutSeconds: 1,
        backoffMs: { initial: 100, max: 400 },
      });
      informers.push(informer.start());
      await eventually(() => expect(informer.state).toBe('synced'));
      const watchesBefore = informer.counters.watches;
      await eventually(() =>
        expect(informer.counters.watches).toBeGreaterThan(watchesBefore + 1),
      );

      // The sandbox's API proxy now drops every new watch of VirtualServices...
      sandbox.faults.add({ path: 'virtualservices\\?.*watch=1', drop: true });
      await eventually(() =>
        expect(informer.counters.watchErrors).toBeGreaterThan(1),
      );
      // ...while the weights change.
      await setWeights(40, 60);
      sandbox.faults.clear();
      await eventually(() => expect(weightsIn(informer)).toEqual([40, 60]));
      // Resumed from its resourceVersion: never listed again.
      expect(informer.counters).toMatchObject({
        lists: 1,
        relistsAfterGone: 0,
      });
      await setWeights(80, 20);
    });
  });
});
