import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Sandbox,
  clusterControllers,
  meshedScenario,
  startSandbox,
  sandboxKubernetesConfig,
  kinds,
} from '@internal/mesh-sandbox';
import request from 'supertest';
import { catalogWithLocations } from './__testUtils__/catalog';
import { serviceMeshPlugin } from './plugin';
import { frontEndComponent } from './__testUtils__/entities';
import { closedPort, startStubServer } from './__testUtils__/stubServer';

jest.setTimeout(120_000);

/**
 * The upstream timeout: long enough that the healthy sources' first reads
 * (a new backend's TLS handshakes, a dozen lists in parallel) finish on a
 * busy machine, short of the 3 s the slow faults take.
 */
const TIMEOUT_MS = 1500;
/** What a partial answer may take beyond the upstream timeout. */
const MARGIN_MS = 1500;
const PROMETHEUS_TOKEN = 'prometheus-secret-9a2e';
const PROMETHEUS_HEADER = 'x-secret-header-77d0';

const frontEnd = frontEndComponent;

const vector = JSON.stringify({
  status: 'success',
  data: { resultType: 'vector', result: [] },
});

describe('fault matrix: every source failing in every way', () => {
  let sandbox: Sandbox;
  let prometheus: Awaited<ReturnType<typeof startStubServer>>;
  const logLines: string[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({
      trafficRps: 0,
      controllers: clusterControllers().controllers,
      seed: meshedScenario({ users: 1 }),
    });
    await sandbox.settle(60_000);
    prometheus = await startStubServer();
    prometheus.handle((_req, res) => res.end(vector));
  });
  afterAll(async () => {
    await prometheus?.stop();
    await sandbox?.stop();
  });
  afterEach(() => {
    sandbox.faults.clear();
    prometheus.handle((_req, res) => res.end(vector));
  });

  async function backend(
    overrides: {
      clusterUrl?: string;
      clusterToken?: string;
      kialiUrl?: string;
      prometheusUrl?: string;
    } = {},
  ) {
    const ca = Buffer.from(sandbox.caCertificate).toString('base64');
    const logger = mockServices.logger.mock();
    for (const level of ['warn', 'error', 'info', 'debug'] as const) {
      logger[level].mockImplementation((message: string, meta?: unknown) => {
        logLines.push(`${message} ${JSON.stringify(meta ?? {})}`);
      });
    }
    return startTestBackend({
      features: [
        serviceMeshPlugin,
        logger.factory,
        catalogWithLocations([frontEnd]),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: sandboxKubernetesConfig(sandbox, {
              url: overrides.clusterUrl ?? sandbox.url,
              token: overrides.clusterToken ?? sandbox.tokens.write,
            }),
            serviceMesh: {
              cacheTtlSeconds: 0,
              requestTimeoutMs: TIMEOUT_MS,
              clusters: [
                {
                  name: 'local',
                  kiali: {
                    url: overrides.kialiUrl ?? `${sandbox.url}/kiali`,
                    strategy: 'openshift',
                    token: sandbox.tokens.write,
                    caData: ca,
                  },
                  prometheus: {
                    url: overrides.prometheusUrl ?? prometheus.url,
                    token: PROMETHEUS_TOKEN,
                    headers: { 'X-Scope': PROMETHEUS_HEADER },
                  },
                },
              ],
            },
          },
        }),
      ],
    });
  }

  async function timedStatus(server: any) {
    const started = Date.now();
    const response = await request(server)
      .get('/api/service-mesh/entities/component/default/front-end/status')
      .set('Authorization', mockCredentials.user.header());
    bodies.push(response.text);
    return { response, elapsed: Date.now() - started };
  }

  const fault = (rule: Parameters<Sandbox['faults']['add']>[0]) => async () => {
    sandbox.faults.add(rule);
    return {};
  };
  const stub =
    (handler: Parameters<typeof prometheus.handle>[0]) => async () => {
      prometheus.handle(handler);
      return {};
    };

  type Case = [
    string,
    () => Promise<Record<string, string | undefined>>,
    'kubernetes' | 'kiali' | 'prometheus',
    RegExp,
  ];
  const cases: Case[] = [
    [
      'Kiali down (connection dropped)',
      fault({ path: '^/kiali/', drop: true }),
      'kiali',
      /socket hang up|ECONNRESET/,
    ],
    [
      'Kiali slow',
      fault({ path: '^/kiali/', latencyMs: 3000 }),
      'kiali',
      new RegExp(`within ${TIMEOUT_MS} ms`),
    ],
    [
      'Kiali 5xx',
      fault({ path: '^/kiali/', status: 503 }),
      'kiali',
      /HTTP 503/,
    ],
    [
      'Kiali malformed JSON',
      async () => {
        prometheus.handle((req, res) =>
          res.end(req.url?.startsWith('/kiali') ? '<html>oops</html>' : vector),
        );
        return { kialiUrl: `${prometheus.url}/kiali` };
      },
      'kiali',
      /not JSON/,
    ],
    [
      'Prometheus down',
      async () => ({ prometheusUrl: `http://127.0.0.1:${await closedPort()}` }),
      'prometheus',
      /ECONNREFUSED/,
    ],
    [
      'Prometheus slow',
      stub((_req, res) => setTimeout(() => res.end(vector), 3000)),
      'prometheus',
      new RegExp(`within ${TIMEOUT_MS} ms`),
    ],
    [
      'Prometheus bad query response',
      stub((_req, res) => {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            status: 'error',
            errorType: 'bad_data',
            error: 'parse error',
          }),
        );
      }),
      'prometheus',
      /HTTP 400: bad_data parse error/,
    ],
    [
      'Prometheus malformed JSON',
      stub((_req, res) => res.end('{"status":')),
      'prometheus',
      /not JSON/,
    ],
    [
      'Kubernetes 401 (wrong token)',
      async () => ({ clusterToken: 'not-a-token' }),
      'kubernetes',
      /HTTP 401/,
    ],
    [
      'Kubernetes timeout',
      fault({ path: '/deployments', latencyMs: 3000 }),
      'kubernetes',
      new RegExp(`within ${TIMEOUT_MS} ms`),
    ],
    [
      'Kubernetes unreachable',
      async () => ({ clusterUrl: `https://127.0.0.1:${await closedPort()}` }),
      'kubernetes',
      /ECONNREFUSED/,
    ],
    [
      'Kubernetes 5xx',
      fault({ path: '/services', status: 500 }),
      'kubernetes',
      /HTTP 500/,
    ],
  ];

  it.each(cases)(
    '%s: a partial answer naming the source, in time',
    async (_name, arrange, source, reason) => {
      const overrides = await arrange();
      const started = await backend(overrides);
      const { response, elapsed } = await timedStatus(started.server);
      await started.stop();
      expect(response.status).toBe(200);
      expect(response.body.sources[source]).toEqual({
        state: 'error',
        reason: expect.stringMatching(reason),
      });
      for (const other of ['kubernetes', 'kiali', 'prometheus'].filter(
        s => s !== source,
      )) {
        expect(response.body.sources[other]).toEqual({ state: 'ok' });
      }
      // Without Kubernetes there is nothing to show; otherwise both front-end workloads.
      expect(response.body.services[0]?.workloads.length).toBe(
        source === 'kubernetes' ? undefined : 2,
      );
      expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    },
  );

  it('Kubernetes 403 on one read: names the refused read, the rest still shows', async () => {
    sandbox.faults.add({
      path: '/api/v1/namespaces/user1-sockshop/pods',
      status: 403,
    });
    const started = await backend();
    const { response } = await timedStatus(started.server);
    await started.stop();
    expect(response.status).toBe(200);
    expect(response.body.sources.kubernetes).toEqual({
      state: 'degraded',
      reason:
        "the portal's service account may not list pods in user1-sockshop",
      forbidden: [
        { verb: 'list', resource: 'pods', namespace: 'user1-sockshop' },
      ],
    });
    expect(response.body.sources.kiali).toEqual({ state: 'ok' });
    expect(response.body.sources.prometheus).toEqual({ state: 'ok' });
    expect(response.body.services[0].workloads.length).toBe(2);
  });

  it('shows no routes, without an error, when Istio’s CRDs are missing', async () => {
    const started = await backend();
    const saved = (await sandbox.client.list(kinds.virtualServices)).items;
    await sandbox.uninstallCrds(['virtualservices.networking.istio.io']);
    const { response } = await timedStatus(started.server);
    await sandbox.installCrds();
    for (const vs of saved) {
      const { name, namespace, labels, annotations } = vs.metadata;
      await sandbox.client.create(kinds.virtualServices, {
        metadata: { name, namespace, labels, annotations },
        spec: vs.spec,
      });
    }
    await started.stop();
    expect(response.body.sources.kubernetes).toEqual({ state: 'ok' });
    expect(response.body.services[0].routes).toEqual([]);
  });

  it('answers 409 when the VirtualService update conflicts, and writes nothing', async () => {
    const started = await backend();
    sandbox.faults.add({
      path: '/virtualservices/front-end-virtualservice\\?',
      method: 'PATCH',
      status: 409,
    });
    const response = await request(started.server)
      .post('/api/service-mesh/entities/component/default/front-end/traffic')
      .set('Authorization', mockCredentials.user.header())
      .send({ service: 'front-end', weights: { v1: 50, v2: 50 } });
    bodies.push(response.text);
    await started.stop();
    expect(response.status).toBe(409);
    const vs = await sandbox.client.get(
      kinds.virtualServices,
      'user1-sockshop',
      'front-end-virtualservice',
    );
    expect(vs.spec.http[0].route.map((r: any) => r.weight)).toEqual([80, 20]);
    expect(response.body.error.message).toContain(
      'updating VirtualService front-end-virtualservice: the object changed meanwhile',
    );
  });

  it('never shows a configured secret in a response or a log line', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const everything = [...bodies, ...logLines].join('\n');
    for (const secret of [
      sandbox.tokens.write,
      PROMETHEUS_TOKEN,
      PROMETHEUS_HEADER,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
