import { kinds } from '../client/kinds';
import { K8sObject } from '../k8s/types';
import { defaultControllers } from '../operators';
import { Sandbox, startSandbox } from '../sandbox';
import { scenarios } from '.';

jest.setTimeout(240_000);

const user = 'user1';
const sockshop = 'user1-sockshop';

describe('meshed-ambient scenario', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      trafficRps: 0,
      controllers: defaultControllers(),
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
});
