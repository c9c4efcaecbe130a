import { kinds } from '../client/kinds';
import { K8sObject } from '../k8s/types';
import { defaultControllers } from '../operators';
import {
  RealPrometheus,
  prometheusInstalled,
  startRealPrometheus,
} from '../prometheus/realPrometheus';
import { Sandbox, startSandbox } from '../sandbox';
import { MeshTraffic } from '../traffic/meshTraffic';
import { eventually } from '../__testUtils__/eventually';
import { scenarios } from '.';

jest.setTimeout(240_000);

const user = 'user1';
const sockshop = 'user1-sockshop';
const controlPlane = 'user1-istio-system';

const containersOf = (pod: K8sObject) =>
  (pod.spec.containers as any[]).map(c => c.name);

describe('meshed-sail scenario', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      trafficRps: 0,
      controllers: [
        ...defaultControllers(),
        new MeshTraffic({ tickMs: 100 }).controller(),
      ],
      seed: scenarios['meshed-sail']({ users: 1 }),
    });
    await sandbox.settle(90_000);
  });
  afterAll(async () => {
    // The cluster's reset empties namespaces only: the cluster-scoped Istio would outlive this sandbox.
    await sandbox?.client.delete(kinds.istios, undefined, user).catch(() => {});
    await sandbox?.stop();
  });

  it("runs the user's Istio Healthy in its own namespace, discovering only the user's namespaces", async () => {
    const istio = await sandbox.client.get(kinds.istios, undefined, user);
    expect(istio.spec.namespace).toBe(controlPlane);
    expect(istio.spec.values.meshConfig.discoverySelectors).toEqual([
      { matchLabels: { 'istio-discovery': user } },
    ]);
    expect(istio.status).toMatchObject({
      state: 'Healthy',
      activeRevisionName: user,
      revisions: { total: 1, ready: 1, inUse: 1 },
    });
    const ns = await sandbox.client.get(kinds.namespaces, undefined, sockshop);
    expect(ns.metadata.labels).toMatchObject({
      'istio.io/rev': user,
      'istio-discovery': user,
    });
    await sandbox.client.get(kinds.deployments, controlPlane, `istiod-${user}`);
  });

  it('injects every SockShop pod by the revision label, and deploys the Gateway', async () => {
    const pods = (await sandbox.client.list(kinds.pods, sockshop)).items;
    const app = pods.filter(
      (p: K8sObject) =>
        !p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'],
    );
    expect(app).toHaveLength(14);
    for (const pod of app) {
      expect(containersOf(pod)).toContain('istio-proxy');
      expect(pod.metadata.labels!['istio.io/rev']).toBe(user);
    }
    const gateway = await sandbox.client.get(
      kinds.gatewayApiGateways,
      sockshop,
      'front-end-gateway',
    );
    expect(
      gateway.status.conditions.map((c: any) => [c.type, c.status]),
    ).toEqual([
      ['Accepted', 'True'],
      ['Programmed', 'True'],
    ]);
    const rules = await sandbox.client.list(kinds.destinationRules, sockshop);
    expect(rules.items.map((r: K8sObject) => r.metadata.name)).toEqual([
      'carts-destinationrule',
    ]);
  });

  const describeWithPrometheus = prometheusInstalled()
    ? describe
    : describe.skip;
  describeWithPrometheus('with a real Prometheus scraping the sandbox', () => {
    let prometheus: RealPrometheus;
    beforeAll(async () => {
      sandbox.settings.trafficRps = 100;
      prometheus = await startRealPrometheus(sandbox);
    });
    afterAll(() => prometheus?.stop());

    it("observes the HTTPRoute's 80/20 split over front-end-v1 and front-end-v2, within 5 points", async () => {
      const query = `sum by (destination_service_name, destination_workload, destination_version) (rate(istio_requests_total{reporter="destination",destination_service_namespace="${sockshop}",destination_service_name=~"front-end-v1|front-end-v2"}[30s]))`;
      const samples = await eventually(
        async () => {
          const result = await prometheus.query(query);
          expect(result).toHaveLength(2);
          return result;
        },
        60_000,
        500,
      );
      const rate = (version: string) =>
        Number(
          samples.find(s => s.metric.destination_version === version)!.value[1],
        );
      expect(
        samples
          .map(s => s.metric)
          .sort((a, b) =>
            a.destination_version.localeCompare(b.destination_version),
          ),
      ).toEqual([
        {
          destination_service_name: 'front-end-v1',
          destination_workload: 'front-end',
          destination_version: 'v1',
        },
        {
          destination_service_name: 'front-end-v2',
          destination_workload: 'front-end-v2',
          destination_version: 'v2',
        },
      ]);
      const v2Share = (100 * rate('v2')) / (rate('v1') + rate('v2'));
      expect(Math.abs(v2Share - 20)).toBeLessThanOrEqual(5);
    });

    it('shows per Service, as the backend groups it (destination_service_name), no front-end and one version per per-version Service', async () => {
      const query = `sum by (destination_service_name, destination_version) (rate(istio_requests_total{reporter="destination",destination_service_namespace="${sockshop}"}[30s]))`;
      const samples = await prometheus.query(query);
      const versionsOf = (service: string) =>
        samples
          .filter(s => s.metric.destination_service_name === service)
          .map(s => s.metric.destination_version);
      expect(versionsOf('front-end')).toEqual([]);
      expect(versionsOf('front-end-v1')).toEqual(['v1']);
      expect(versionsOf('front-end-v2')).toEqual(['v2']);
      expect(versionsOf('catalogue')).toEqual(['v1']);
    });
  });
});
