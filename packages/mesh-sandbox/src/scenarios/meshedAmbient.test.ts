import { kinds } from '../client/kinds';
import { K8sObject } from '../k8s/types';
import { defaultControllers } from '../operators';
import { Sandbox, startSandbox } from '../sandbox';
import { MeshTraffic } from '../traffic/meshTraffic';
import { eventually } from '../__testUtils__/eventually';
import { scenarios } from '.';

jest.setTimeout(240_000);

const user = 'user1';
const sockshop = 'user1-sockshop';

describe('meshed-ambient scenario', () => {
  let sandbox: Sandbox;
  const traffic = new MeshTraffic({ generateLoad: false });
  beforeAll(async () => {
    sandbox = await startSandbox({
      trafficRps: 10,
      controllers: [...defaultControllers(), traffic.controller()],
      seed: scenarios['meshed-ambient']({ users: 1 }),
    });
    await sandbox.settle(90_000);
  });
  afterAll(async () => {
    // The cluster's reset empties namespaces only: cluster-scoped Sail objects would outlive this sandbox.
    const remove = (kind: (typeof kinds)[keyof typeof kinds], name: string) =>
      sandbox?.client.delete(kind, undefined, name).catch(() => {});
    await remove(kinds.istios, user);
    await remove(kinds.ztunnels, 'default');
    await remove(kinds.istioCNIs, 'default');
    await sandbox?.stop();
  });

  it('runs the Istio, ztunnel and the CNI agent Healthy', async () => {
    for (const [kind, name] of [
      [kinds.istios, user],
      [kinds.ztunnels, 'default'],
      [kinds.istioCNIs, 'default'],
    ] as const) {
      const object = await sandbox.client.get(kind, undefined, name);
      expect([name, object.status.state]).toEqual([name, 'Healthy']);
    }
    expect(
      (await sandbox.client.get(kinds.istios, undefined, user)).spec.profile,
    ).toBe('openshift-ambient');
  });

  it('leaves the ambient SockShop pods without sidecars, and deploys the Gateway', async () => {
    const pods = (await sandbox.client.list(kinds.pods, sockshop)).items;
    const app = pods.filter(
      (p: K8sObject) =>
        !p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'],
    );
    expect(app).toHaveLength(14);
    for (const pod of app)
      expect((pod.spec.containers as any[]).map(c => c.name)).not.toContain(
        'istio-proxy',
      );
    const ns = await sandbox.client.get(kinds.namespaces, undefined, sockshop);
    expect(ns.metadata.labels!['istio.io/dataplane-mode']).toBe('ambient');
    expect(
      pods.filter(
        (p: K8sObject) =>
          p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'] ===
          'front-end-gateway',
      ),
    ).toHaveLength(1);
  });

  it('reports only L4 metrics from ztunnel inside the ambient namespace, and the ingress Envoy the 80/20 split', () => {
    traffic.advance(10);
    const requests = traffic.telemetry
      .all()
      .filter(s => s.labels.destination_service_namespace === sockshop);
    expect(requests.every(s => s.labels.reporter === 'source')).toBe(true);
    expect(new Set(requests.map(s => s.labels.source_workload))).toEqual(
      new Set(['front-end-gateway-istio']),
    );
    const byVersion = Object.fromEntries(
      requests.map(s => [s.labels.destination_version, s.requests]),
    );
    expect(byVersion).toEqual({ v1: 80, v2: 20 });

    const tcp = traffic.telemetry.tcp
      .all()
      .filter(s => s.labels.destination_service_namespace === sockshop);
    expect(tcp.every(s => s.labels.reporter === 'destination')).toBe(true);
    expect(tcp.every(s => s.labels.request_protocol === 'tcp')).toBe(true);
    const catalogue = tcp.find(
      s =>
        s.labels.destination_workload === 'catalogue' &&
        s.labels.source_workload === 'front-end',
    );
    expect(catalogue).toMatchObject({
      labels: {
        connection_security_policy: 'mutual_tls',
        destination_service_name: 'catalogue',
        source_principal: `spiffe://cluster.local/ns/${sockshop}/sa/default`,
      },
    });
    expect(catalogue!.connections).toBeGreaterThan(0);
    expect(
      tcp
        .filter(s => s.labels.destination_app === 'front-end')
        .map(s => s.labels.destination_service_name)
        .sort(),
    ).toEqual(['front-end-v1', 'front-end-v2']);
  });

  it('reports L7 metrics (reporter waypoint) once the namespace uses a waypoint', async () => {
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
    await sandbox.settle();
    await eventually(async () => {
      const pods = (await sandbox.client.list(kinds.pods, sockshop)).items;
      const waypoint = pods.find(
        (p: K8sObject) =>
          p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'] ===
          'waypoint',
      );
      expect(waypoint?.status?.phase).toBe('Running');
    });
    await sandbox.settle();
    traffic.advance(10);
    const catalogue = traffic.telemetry
      .all()
      .find(
        s =>
          s.labels.reporter === 'waypoint' &&
          s.labels.destination_workload === 'catalogue' &&
          s.labels.source_workload === 'front-end',
      );
    expect(catalogue).toMatchObject({
      labels: {
        request_protocol: 'http',
        response_code: '200',
        connection_security_policy: 'mutual_tls',
      },
    });
    expect(catalogue!.requests).toBeGreaterThan(0);
  });
});
