import { mockCredentials } from '@backstage/backend-test-utils';
import {
  K8sObject,
  RealPrometheus,
  Sandbox,
  clusterControllers,
  kinds,
  meshedAmbientScenario,
  prometheusInstalled,
  startRealPrometheus,
  startSandbox,
} from '@internal/mesh-sandbox';
import request from 'supertest';
import { backendFor } from './__testUtils__/meshBackend';
import { warmOssm3Kinds } from './__testUtils__/warmKinds';

jest.setTimeout(300_000);

const sockshop = 'user1-sockshop';
const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;

/** Asks `read` again each second until `done` holds of its answer, for at most `ms`; the last answer. */
async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 120_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 1000));
    value = await read();
  }
  return value;
}

/**
 * OSSM 3 ambient (meshed-ambient: no sidecars, ztunnel at L4, the Gateway API
 * ingress) with synthetic traffic and a real Prometheus scraping it: what the
 * SockShop system's status says of each service before and after a waypoint.
 */
describeWithPrometheus(
  'ambient metrics from a real Prometheus: L4 only without a waypoint, requests through one',
  () => {
    let sandbox: Sandbox;
    let prometheus: RealPrometheus;
    let backend: Awaited<ReturnType<typeof backendFor>>['backend'];

    beforeAll(async () => {
      sandbox = await startSandbox({
        trafficRps: 0,
        controllers: clusterControllers().controllers,
        seed: meshedAmbientScenario({ users: 1 }),
      });
      await sandbox.settle(90_000);
      await warmOssm3Kinds(sandbox);
      sandbox.settings.trafficRps = 50;
      prometheus = await startRealPrometheus(sandbox);
      ({ backend } = await backendFor(sandbox, {
        serviceMesh: {
          cacheTtlSeconds: 0,
          clusters: [
            {
              name: 'local',
              prometheus: { url: prometheus.url, window: '30s' },
            },
          ],
        },
      }));
    });
    afterAll(async () => {
      await backend?.stop();
      await prometheus?.stop();
      // The cluster's reset empties namespaces only: cluster-scoped Sail objects would outlive this sandbox.
      const remove = (kind: (typeof kinds)[keyof typeof kinds], name: string) =>
        sandbox?.client.delete(kind, undefined, name).catch(() => {});
      await remove(kinds.istios, 'user1');
      await remove(kinds.ztunnels, 'default');
      await remove(kinds.istioCNIs, 'default');
      await sandbox?.stop();
    });

    async function services(): Promise<Record<string, any>> {
      const response = await request(backend.server)
        .get('/api/service-mesh/entities/system/default/sockshop/status')
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(200);
      expect(response.body.sources.prometheus).toEqual({ state: 'ok' });
      return Object.fromEntries(
        response.body.services.map((s: any) => [s.name, s]),
      );
    }

    it('says catalogue has only L4 metrics, with ztunnel’s connections and bytes instead of a request rate', async () => {
      const status = await until(
        services,
        s => s.catalogue?.observed?.l4?.connectionRate > 0,
      );
      const catalogue = status.catalogue;
      expect(catalogue.l4Only).toBe(true);
      expect(catalogue.workloads.map((w: any) => w.dataplane)).toEqual([
        'ambient',
      ]);
      expect(catalogue.observed.requestRate).toBeUndefined();
      expect(catalogue.observed.l4.connectionRate).toBeGreaterThan(0);
      // Each synthetic connection carries a request and its answer.
      expect(catalogue.observed.l4.byteRate).toBeGreaterThan(
        catalogue.observed.l4.connectionRate * 1000,
      );
      // front-end's traffic is reported under the HTTPRoute's per-version Services, added up.
      expect(status['front-end'].l4Only).toBe(true);
      expect(status['front-end'].observed.l4.connectionRate).toBeGreaterThan(0);
    });

    it('shows request rates from the waypoint once the namespace uses one, and no longer says L4 only', async () => {
      await sandbox.client.create(kinds.gatewayApiGateways, {
        metadata: { name: 'waypoint', namespace: sockshop },
        spec: {
          gatewayClassName: 'istio-waypoint',
          listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
        },
      });
      await sandbox.client.mergePatch(kinds.namespaces, undefined, sockshop, {
        metadata: { labels: { 'istio.io/use-waypoint': 'waypoint' } },
      });
      await until(
        async () =>
          (
            await sandbox.client.list(kinds.pods, sockshop)
          ).items.find(
            (p: K8sObject) =>
              p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'] ===
              'waypoint',
          )?.status?.phase,
        phase => phase === 'Running',
      );
      const status = await until(
        services,
        s => s.catalogue?.observed?.requestRate > 0,
      );
      const catalogue = status.catalogue;
      expect(catalogue.l4Only).toBeUndefined();
      expect(catalogue.workloads.map((w: any) => w.waypoint)).toEqual([
        'waypoint',
      ]);
      expect(catalogue.observed.requestRate).toBeGreaterThan(0);
      expect(catalogue.observed.errorRatio).toBe(0);
      expect(catalogue.observed.splitByVersion).toEqual({ v1: 100 });
      // One request per connection in the synthetic load: the waypoint's count is not doubled.
      expect(catalogue.observed.requestRate).toBeLessThanOrEqual(
        catalogue.observed.l4.connectionRate * 1.5,
      );
    });

    it('draws the waypoint-reported requests in the traffic graph, once each although the ingress gateway reports them too', async () => {
      const graph = async () =>
        (
          await request(backend.server)
            .get(
              '/api/service-mesh/entities/system/default/sockshop/traffic-graph?window=1m',
            )
            .set('Authorization', mockCredentials.user.header())
        ).body;
      const frontEndCatalogue = `${sockshop}/front-end>${sockshop}/catalogue`;
      const body = await until(graph, g =>
        (g.edges ?? []).some(
          (e: any) => e.id === frontEndCatalogue && e.requestRate > 0,
        ),
      );
      expect(body.source).toBe('prometheus');
      const edge = body.edges.find((e: any) => e.id === frontEndCatalogue);
      // Only the callee's waypoint reports this hop (ztunnel carries the caller): mutual TLS is its word.
      expect(edge.mtlsRatio).toBe(1);
      const fromGateway = body.edges
        .filter((e: any) => e.source.endsWith('/front-end-gateway-istio'))
        .reduce((sum: number, e: any) => sum + e.requestRate, 0);
      const [reported] = await prometheus.query(
        `sum(rate(istio_requests_total{reporter="source",source_workload="front-end-gateway-istio",destination_service_namespace="${sockshop}"}[1m]))`,
      );
      // The gateway's own report, once: with the waypoint's added it would be twice as much.
      expect(fromGateway).toBeGreaterThan(0);
      expect(fromGateway / Number(reported.value[1])).toBeGreaterThan(0.8);
      expect(fromGateway / Number(reported.value[1])).toBeLessThan(1.2);
    });
  },
);
