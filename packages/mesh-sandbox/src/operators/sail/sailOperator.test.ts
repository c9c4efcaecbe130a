import { kinds } from '../../client/kinds';
import { K8sObject } from '../../k8s/types';
import { Sandbox } from '../../sandbox';
import { eventually } from '../../__testUtils__/eventually';
import { startMeshSandbox } from '../__testUtils__/meshSandbox';

const controlPlane = 'sail-system';
const byRevision = 'shop-rev';
const byInjectionLabel = 'shop-enabled';
const ambient = 'shop-ambient';

const istio = (name: string, spec: Record<string, unknown>): K8sObject => ({
  metadata: { name },
  spec: { namespace: controlPlane, version: 'v1.30.3', ...spec },
});

const deployment = (
  name: string,
  namespace: string,
  podLabels = {},
): K8sObject => ({
  metadata: { name, namespace },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name, ...podLabels } },
      spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
    },
  },
});

describe('the Sail operator simulator, against the real API server', () => {
  let sandbox: Sandbox;
  const get = (
    kind: (typeof kinds)[keyof typeof kinds],
    name: string,
    ns?: string,
  ) => sandbox.client.get(kind, ns, name);
  const podsOf = async (namespace: string, app: string) =>
    (await sandbox.client.list(kinds.pods, namespace)).items.filter(
      (p: K8sObject) => p.metadata.labels?.app === app,
    );
  const containersOf = (pod: K8sObject) =>
    (pod.spec.containers as any[]).map(c => c.name);

  beforeAll(async () => {
    ({ sandbox } = await startMeshSandbox([controlPlane]));
    await sandbox.client.create(kinds.istios, istio('default', {}));
    await sandbox.client.create(
      kinds.istios,
      istio('canary', {
        updateStrategy: { type: 'RevisionBased' },
        values: { meshConfig: { discoverySelectors: [] } },
      }),
    );
  });
  afterAll(async () => {
    // The cluster's reset empties namespaces only: cluster-scoped Sail objects would outlive this sandbox.
    for (const name of ['default', 'canary'])
      await sandbox?.client
        .delete(kinds.istios, undefined, name)
        .catch(() => {});
    await sandbox?.stop();
  });

  it('makes an InPlace Istio an IstioRevision of the same name, whose istiod turns the Istio Healthy', async () => {
    const healthy = await eventually(async () => {
      const object = await get(kinds.istios, 'default');
      expect(object.status?.state).toBe('Healthy');
      return object;
    });
    expect(healthy.status).toMatchObject({
      activeRevisionName: 'default',
      revisions: { total: 1, ready: 1, inUse: 0 },
    });
    expect(
      healthy.status.conditions.map((c: any) => [c.type, c.status]),
    ).toEqual([
      ['Reconciled', 'True'],
      ['Ready', 'True'],
      ['DependenciesHealthy', 'True'],
    ]);
    const revision = await get(kinds.istioRevisions, 'default');
    expect(revision.spec).toMatchObject({
      namespace: controlPlane,
      version: 'v1.30.3',
      values: { global: { istioNamespace: controlPlane } },
    });
    expect(revision.status.state).toBe('Healthy');
    expect(
      Object.fromEntries(
        revision.status.conditions.map((c: any) => [c.type, c.status]),
      ),
    ).toEqual({ Reconciled: 'True', Ready: 'True', InUse: 'False' });
    const istiod = await get(kinds.deployments, 'istiod', controlPlane);
    expect(istiod.metadata.ownerReferences![0]).toMatchObject({
      kind: 'IstioRevision',
      name: 'default',
    });
    expect(istiod.status.readyReplicas).toBe(1);
  });

  it('names a RevisionBased revision after the version, with istiod-<revision>', async () => {
    const canary = await eventually(async () => {
      const object = await get(kinds.istios, 'canary');
      expect(object.status?.state).toBe('Healthy');
      return object;
    });
    expect(canary.status.activeRevisionName).toBe('canary-v1-30-3');
    const revision = await get(kinds.istioRevisions, 'canary-v1-30-3');
    expect(revision.spec.values.revision).toBe('canary-v1-30-3');
    await get(kinds.deployments, 'istiod-canary-v1-30-3', controlPlane);
  });

  it('injects pods of namespaces labelled with a revision or istio-injection=enabled, and marks the revision InUse', async () => {
    await sandbox.client.create(kinds.namespaces, {
      metadata: {
        name: byRevision,
        labels: { 'istio.io/rev': 'canary-v1-30-3' },
      },
    });
    await sandbox.client.create(kinds.namespaces, {
      metadata: {
        name: byInjectionLabel,
        labels: { 'istio-injection': 'enabled' },
      },
    });
    for (const ns of [byRevision, byInjectionLabel]) {
      await sandbox.client.create(kinds.deployments, deployment('web', ns));
      await sandbox.client.create(
        kinds.deployments,
        deployment('batch', ns, { 'sidecar.istio.io/inject': 'false' }),
      );
    }
    for (const [ns, rev] of [
      [byRevision, 'canary-v1-30-3'],
      [byInjectionLabel, 'default'],
    ]) {
      const [web] = await eventually(async () => {
        const pods = await podsOf(ns, 'web');
        expect(pods).toHaveLength(1);
        return pods;
      });
      expect(containersOf(web)).toEqual(['app', 'istio-proxy']);
      expect(web.metadata.labels!['istio.io/rev']).toBe(rev);
      expect(
        JSON.parse(web.metadata.annotations!['sidecar.istio.io/status'])
          .revision,
      ).toBe(rev);
      const [batch] = await eventually(async () => {
        const pods = await podsOf(ns, 'batch');
        expect(pods).toHaveLength(1);
        return pods;
      });
      expect(containersOf(batch)).toEqual(['app']);
    }
    await eventually(async () => {
      const revision = await get(kinds.istioRevisions, 'canary-v1-30-3');
      expect(
        revision.status.conditions.find((c: any) => c.type === 'InUse').status,
      ).toBe('True');
      expect((await get(kinds.istios, 'canary')).status.revisions.inUse).toBe(
        1,
      );
    });
  });

  it('on a RevisionBased upgrade keeps the old revision while a namespace uses it, and removes it after', async () => {
    await sandbox.client.mergePatch(kinds.istios, undefined, 'canary', {
      spec: { version: 'v1.30.2' },
    });
    await eventually(async () => {
      const canary = await get(kinds.istios, 'canary');
      expect(canary.status).toMatchObject({
        state: 'Healthy',
        activeRevisionName: 'canary-v1-30-2',
        revisions: { total: 2, ready: 2, inUse: 1 },
      });
    });
    await get(kinds.istioRevisions, 'canary-v1-30-3');
    await sandbox.client.mergePatch(kinds.namespaces, undefined, byRevision, {
      metadata: { labels: { 'istio.io/rev': 'canary-v1-30-2' } },
    });
    await sandbox.client.delete(kinds.deployments, byRevision, 'web');
    await eventually(async () => {
      const names = (await sandbox.client.list(kinds.istioRevisions)).items
        .map((r: K8sObject) => r.metadata.name)
        .filter(name => name?.startsWith('canary'));
      expect(names).toEqual(['canary-v1-30-2']);
    });
  });

  it('never injects pods of an ambient namespace, even one that names a revision', async () => {
    await sandbox.client.create(kinds.namespaces, {
      metadata: {
        name: ambient,
        labels: {
          'istio.io/rev': 'default',
          'istio.io/dataplane-mode': 'ambient',
        },
      },
    });
    await sandbox.client.create(kinds.deployments, deployment('web', ambient));
    const [web] = await eventually(async () => {
      const pods = await podsOf(ambient, 'web');
      expect(pods).toHaveLength(1);
      return pods;
    });
    expect(containersOf(web)).toEqual(['app']);
  });

  it('runs ZTunnel and IstioCNI as DaemonSets and reports them Ready', async () => {
    await sandbox.client.create(kinds.namespaces, {
      metadata: { name: 'ztunnel' },
    });
    await sandbox.client.create(kinds.ztunnels, {
      metadata: { name: 'default' },
      spec: { namespace: 'ztunnel', version: 'v1.30.3' },
    });
    await sandbox.client.create(kinds.istioCNIs, {
      metadata: { name: 'default' },
      spec: { namespace: controlPlane, version: 'v1.30.3' },
    });
    try {
      for (const [kind, ns, ds] of [
        [kinds.ztunnels, 'ztunnel', 'ztunnel'],
        [kinds.istioCNIs, controlPlane, 'istio-cni-node'],
      ] as const) {
        await eventually(async () => {
          const object = await get(kind, 'default');
          expect(object.status?.state).toBe('Healthy');
          expect(
            object.status.conditions.find((c: any) => c.type === 'Ready')
              .status,
          ).toBe('True');
        });
        expect((await get(kinds.daemonSets, ds, ns)).status.numberReady).toBe(
          1,
        );
      }
    } finally {
      await sandbox.client
        .delete(kinds.ztunnels, undefined, 'default')
        .catch(() => {});
      await sandbox.client
        .delete(kinds.istioCNIs, undefined, 'default')
        .catch(() => {});
    }
  });
});
