import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  RealPrometheus,
  Sandbox,
  clusterControllers,
  meshedScenario,
  prometheusInstalled,
  startRealPrometheus,
  startSandbox,
  sandboxKubernetesConfig,
} from '@internal/mesh-sandbox';
import { TrafficGraph } from '@service-mesh/plugin-service-mesh-common';
import request from 'supertest';
import { serviceMeshPlugin } from './plugin';
import { frontEndComponent } from './__testUtils__/entities';

jest.setTimeout(180_000);

const frontEnd = frontEndComponent;

const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;

/**
 * The whole status path over real HTTP: the sandbox in the guide's end state
 * with synthetic traffic, its Kiali API, and a real Prometheus scraping it.
 */
describeWithPrometheus(
  'mesh status from Kubernetes, Kiali and a real Prometheus',
  () => {
    let sandbox: Sandbox;
    let prometheus: RealPrometheus;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;

    beforeAll(async () => {
      sandbox = await startSandbox({
        trafficRps: 0,
        controllers: clusterControllers().controllers,
        seed: meshedScenario({ users: 1 }),
      });
      await sandbox.settle(60_000);
      // Load starts once every pod is ready, so no request fails while the mesh comes up.
      sandbox.settings.trafficRps = 200;
      prometheus = await startRealPrometheus(sandbox);
      const ca = Buffer.from(sandbox.caCertificate).toString('base64');
      backend = await backendWith({
        name: 'local',
        kiali: {
          url: `${sandbox.url}/kiali`,
          strategy: 'openshift',
          token: sandbox.tokens.write,
          caData: ca,
          rateInterval: '30s',
        },
        prometheus: { url: prometheus.url, window: '30s' },
        grafana: {
          url: 'https://grafana-user1-istio-system.apps.example.com',
        },
      });
    });

    /** The plugin against the sandbox, with the `serviceMesh` settings of its cluster. */
    function backendWith(cluster: object) {
      return startTestBackend({
        features: [
          serviceMeshPlugin,
          catalogServiceMock.factory({ entities: [frontEnd] }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          mockServices.rootConfig.factory({
            data: {
              kubernetes: sandboxKubernetesConfig(sandbox),
              serviceMesh: { cacheTtlSeconds: 0, clusters: [cluster] },
            },
          }),
        ],
      });
    }

    afterAll(async () => {
      await backend?.stop();
      await prometheus?.stop();
      await sandbox?.stop();
    });

    async function status() {
      const response = await request(backend.server)
        .get('/api/service-mesh/entities/component/default/front-end/status')
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(200);
      return response.body;
    }

    it('shows the observed split within 5 points of 80/20, request rates and Kiali health', async () => {
      let body: any;
      // rate() needs a few scrapes of both versions inside its window.
      const deadline = Date.now() + 120_000;
      do {
        body = await status();
        const split = body.services[0]?.observed?.splitByVersion;
        if (split?.v1 && split?.v2 && body.services[0].health) break;
        await new Promise(resolve => setTimeout(resolve, 1000));
      } while (Date.now() < deadline);

      expect(body.sources).toEqual({
        kubernetes: { state: 'ok' },
        kiali: { state: 'ok' },
        prometheus: { state: 'ok' },
      });
      const [service] = body.services;
      expect(service.name).toBe('front-end');
      expect(
        Math.abs(service.observed.splitByVersion.v1 - 80),
      ).toBeLessThanOrEqual(5);
      expect(
        Math.abs(service.observed.splitByVersion.v2 - 20),
      ).toBeLessThanOrEqual(5);
      expect(service.observed.requestRate).toBeGreaterThan(0);
      expect(service.health.status).toBe('Healthy');
      expect(body.links.kiali).toBe(
        `${sandbox.url}/kiali/console/graph/namespaces/?namespaces=user1-sockshop&graphType=versionedApp`,
      );
      expect(body.links.grafana).toBe(
        'https://grafana-user1-istio-system.apps.example.com',
      );
      expect(body.findings).toEqual([]);
      expect(JSON.stringify(body)).not.toContain(sandbox.tokens.write);
    });

    it("answers front-end's request rate over the last minutes as points", async () => {
      const history = () =>
        request(backend.server)
          .get(
            '/api/service-mesh/entities/component/default/front-end/request-rates?minutes=5',
          )
          .set('Authorization', mockCredentials.user.header());
      // rate() at the window's last step needs two scrapes inside it
      let response = await history();
      const deadline = Date.now() + 60_000;
      while (!response.body.services?.['front-end'] && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 1000));
        response = await history();
      }
      expect(response.status).toBe(200);
      const body = response.body;
      expect(body.source).toEqual({ state: 'ok' });
      expect(body.stepSeconds).toBe(15);
      // a Component's own services only, though Prometheus sees carts too
      expect(Object.keys(body.services)).toEqual(['front-end']);
      const points: [number, number][] = body.services['front-end'];
      expect(points.length).toBeGreaterThan(0);
      expect(points.some(([, rate]) => rate > 0)).toBe(true);
      const times = points.map(([t]) => t);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBeGreaterThanOrEqual(
        Date.parse(body.start) / 1000 - 1,
      );
    });

    it("draws the gateway's 80/20 to front-end's versions, alike from Kiali's graph and from Prometheus", async () => {
      const prometheusOnly = await backendWith({
        name: 'local',
        prometheus: { url: prometheus.url },
      });
      const graphFrom = async (server: typeof backend.server) => {
        const response = await request(server)
          .get(
            '/api/service-mesh/entities/component/default/front-end/traffic-graph?window=1m',
          )
          .set('Authorization', mockCredentials.user.header());
        expect(response.status).toBe(200);
        return response.body as TrafficGraph;
      };
      const gateway = 'user1-istio-system/istio-ingressgateway';
      const shares = (graph: TrafficGraph) =>
        ['front-end', 'front-end-v2'].map(
          workload =>
            graph.edges.find(
              e =>
                e.source === gateway &&
                e.target === `user1-sockshop/${workload}`,
            )?.sharePercent,
        );
      try {
        const graphs: Record<string, TrafficGraph> = {};
        // rate() needs a few scrapes of both versions inside the window
        const deadline = Date.now() + 120_000;
        for (;;) {
          graphs.kiali = await graphFrom(backend.server);
          graphs.prometheus = await graphFrom(prometheusOnly.server);
          const ready = Object.values(graphs).every(g =>
            shares(g).every(share => share !== undefined),
          );
          if (ready || Date.now() > deadline) break;
          await new Promise(resolve => setTimeout(resolve, 1000));
        }
        for (const [source, graph] of Object.entries(graphs)) {
          expect(graph.source).toBe(source);
          const [v1, v2] = shares(graph);
          expect(Math.abs(v1! - 80)).toBeLessThanOrEqual(5);
          expect(Math.abs(v2! - 20)).toBeLessThanOrEqual(5);
          const nodes = Object.fromEntries(graph.nodes.map(n => [n.id, n]));
          expect(nodes[gateway].kind).toBe('gateway');
          expect(nodes['user1-sockshop/front-end-v2'].version).toBe('v2');
          // every hop between two proxies is mutual TLS in the sandbox
          const toV1 = graph.edges.find(
            e => e.target === 'user1-sockshop/front-end',
          )!;
          expect(toV1.mtlsRatio).toBe(1);
          expect(toV1.health).toBe('Healthy');
          // front-end's calls, but not orders' own (a Component's direct neighbours)
          expect(graph.nodes.map(n => n.name)).toContain('carts');
          expect(graph.nodes.map(n => n.name)).not.toContain('payment');
        }
      } finally {
        await prometheusOnly.stop();
      }
    });

    it('keeps answering with the other sources when Kiali fails', async () => {
      sandbox.faults.add({ path: '^/kiali/', status: 500 });
      const body = await status();
      sandbox.faults.clear();
      expect(body.sources.kiali).toEqual({
        state: 'error',
        reason: expect.stringContaining('HTTP 500'),
      });
      expect(body.sources.kubernetes).toEqual({ state: 'ok' });
      expect(body.services[0].workloads.length).toBe(2);
    });
  },
);
