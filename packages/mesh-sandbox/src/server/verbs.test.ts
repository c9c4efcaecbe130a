import * as k8s from '@kubernetes/client-node';
import { Sandbox } from '../sandbox';
import { clientsFor, statusOf } from '../__testUtils__/clients';
import {
  configMap,
  deployment,
  namespaceName as namespace,
  startSeededSandbox,
  virtualService,
  vsCoordinates,
} from './__testUtils__/cluster';

const withContentType = (strategy: k8s.PatchStrategy) =>
  k8s.setHeaderOptions('Content-Type', strategy);

describe('Kubernetes API verbs with client-node', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    sandbox = await startSeededSandbox(
      api => {
        const configMaps = api.type('', 'configmaps');
        api.create(
          configMaps,
          namespace,
          configMap('carts', { app: 'carts', tier: 'backend' }),
        );
        api.create(
          configMaps,
          namespace,
          configMap('catalogue', { app: 'catalogue', tier: 'backend' }),
        );
        api.create(
          configMaps,
          namespace,
          configMap('front-end', { app: 'front-end', tier: 'web' }),
        );
        api.create(configMaps, namespace, configMap('unlabelled'));
        api.create(
          configMaps,
          'user2-sockshop',
          configMap('carts', { app: 'carts' }, 'user2-sockshop'),
        );
        api.create(
          api.type('apps', 'deployments'),
          namespace,
          deployment('orders'),
        );
      },
      [namespace, 'user2-sockshop', 'doomed'],
    );
    clients = clientsFor(sandbox);
  });
  afterAll(() => sandbox.stop());

  const names = (list: { items: { metadata?: { name?: string } }[] }) =>
    list.items.map(i => i.metadata?.name);

  it('gets an object with server-kept metadata', async () => {
    const cm = await clients.core.readNamespacedConfigMap({
      name: 'carts',
      namespace,
    });
    expect(cm).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { key: 'carts' },
    });
    expect(cm.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(cm.metadata?.resourceVersion)).toBeGreaterThan(0);
    expect(cm.metadata?.creationTimestamp).toBeInstanceOf(Date);
  });

  it.each([
    ['app=carts', ['carts']],
    ['app==carts', ['carts']],
    ['tier!=backend', ['front-end', 'unlabelled']],
    ['app in (carts,front-end)', ['carts', 'front-end']],
    ['app notin (carts,front-end)', ['catalogue', 'unlabelled']],
    ['tier', ['carts', 'catalogue', 'front-end']],
    ['!tier', ['unlabelled']],
    ['tier=backend,app!=carts', ['catalogue']],
  ])('lists with the label selector %s', async (labelSelector, expected) => {
    const list = await clients.core.listNamespacedConfigMap({
      namespace,
      labelSelector,
    });
    expect(names(list)).toEqual(expected);
  });

  it('lists with field selectors on name and namespace', async () => {
    const byName = await clients.core.listConfigMapForAllNamespaces({
      fieldSelector: 'metadata.name=carts',
    });
    expect(byName.items.map(i => i.metadata?.namespace)).toEqual([
      namespace,
      'user2-sockshop',
    ]);
    const byNamespace = await clients.core.listConfigMapForAllNamespaces({
      fieldSelector: 'metadata.namespace=user2-sockshop',
    });
    expect(names(byNamespace)).toEqual(['carts']);
    const notName = await clients.core.listNamespacedConfigMap({
      namespace,
      fieldSelector: 'metadata.name!=carts,metadata.name!=unlabelled',
    });
    expect(names(notName)).toEqual(['catalogue', 'front-end']);
  });

  it('lists in pages with limit and continue', async () => {
    const first = await clients.core.listNamespacedConfigMap({
      namespace,
      limit: 3,
    });
    expect(names(first)).toEqual(['carts', 'catalogue', 'front-end']);
    expect(first.metadata?._continue).toBeTruthy();
    expect(first.metadata?.remainingItemCount).toBe(1);
    const second = await clients.core.listNamespacedConfigMap({
      namespace,
      limit: 3,
      _continue: first.metadata?._continue,
    });
    expect(names(second)).toEqual(['unlabelled']);
    expect(second.metadata?._continue).toBeFalsy();
  });

  it('creates an object and answers 201 with it', async () => {
    const created = await clients.core.createNamespacedConfigMap({
      namespace,
      body: configMap('created'),
    });
    expect(created.metadata).toMatchObject({ name: 'created', namespace });
    const generated = await clients.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { generateName: 'gen-' }, data: {} },
    });
    expect(generated.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('updates with the current resourceVersion and rejects a stale one with 409 Conflict', async () => {
    const live = await clients.core.readNamespacedConfigMap({
      name: 'front-end',
      namespace,
    });
    const updated = await clients.core.replaceNamespacedConfigMap({
      name: 'front-end',
      namespace,
      body: { ...live, data: { key: 'v2' } },
    });
    expect(updated.data).toEqual({ key: 'v2' });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(
      Number(live.metadata?.resourceVersion),
    );
    const stale = await statusOf(
      clients.core.replaceNamespacedConfigMap({
        name: 'front-end',
        namespace,
        body: { ...live, data: { key: 'v3' } },
      }),
    );
    expect(stale).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on configmaps "front-end": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'front-end', kind: 'configmaps' },
      code: 409,
      httpCode: 409,
    });
  });

  it('patches a custom resource with a JSON patch and a merge patch', async () => {
    await clients.custom.createNamespacedCustomObject({
      ...vsCoordinates,
      body: virtualService('catalogue'),
    });
    const jsonPatched: any = await clients.custom.patchNamespacedCustomObject({
      ...vsCoordinates,
      name: 'catalogue',
      body: [
        { op: 'add', path: '/spec/gateways', value: ['sockshop-gateway'] },
        { op: 'replace', path: '/spec/hosts/0', value: 'catalogue.local' },
      ],
    });
    expect(jsonPatched.spec).toMatchObject({
      gateways: ['sockshop-gateway'],
      hosts: ['catalogue.local'],
    });
    const merged: any = await clients.custom.patchNamespacedCustomObject(
      {
        ...vsCoordinates,
        name: 'catalogue',
        body: {
          metadata: { labels: { app: 'catalogue' } },
          spec: { gateways: null },
        },
      },
      withContentType(k8s.PatchStrategy.MergePatch),
    );
    expect(merged.metadata.labels).toEqual({ app: 'catalogue' });
    expect(merged.spec.gateways).toBeUndefined();
    expect(merged.spec.hosts).toEqual(['catalogue.local']);
  });

  it('rejects a strategic merge patch on a custom resource with 415', async () => {
    const status = await statusOf(
      clients.custom.patchNamespacedCustomObject(
        {
          ...vsCoordinates,
          name: 'catalogue',
          body: { spec: { gateways: ['mesh'] } },
        },
        withContentType(k8s.PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(status).toMatchObject({
      httpCode: 415,
      code: 415,
      reason: 'UnsupportedMediaType',
    });
  });

  it('merges containers by name in a strategic merge patch of a Deployment', async () => {
    const patched = await clients.apps.patchNamespacedDeployment(
      {
        name: 'orders',
        namespace,
        body: {
          spec: {
            template: {
              metadata: { annotations: { 'sidecar.istio.io/inject': 'true' } },
              spec: {
                containers: [
                  {
                    name: 'orders',
                    env: [{ name: 'JAVA_OPTS', value: '-Xmx1g' }],
                  },
                  { name: 'logger', image: 'busybox' },
                ],
              },
            },
          },
        },
      },
      withContentType(k8s.PatchStrategy.StrategicMergePatch),
    );
    const template = patched.spec?.template;
    expect(template?.metadata?.annotations).toEqual({
      'sidecar.istio.io/inject': 'true',
    });
    expect(template?.spec?.containers).toEqual([
      {
        name: 'orders',
        image: 'quay.io/sockshop/orders:0.4.8',
        env: [{ name: 'JAVA_OPTS', value: '-Xmx1g' }],
      },
      { name: 'logger', image: 'busybox' },
    ]);
    expect(patched.metadata?.generation).toBe(2);
  });

  it('reads and writes replicas through the scale subresource', async () => {
    const scale = await clients.apps.readNamespacedDeploymentScale({
      name: 'orders',
      namespace,
    });
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'orders', namespace },
      spec: { replicas: 1 },
      status: { selector: 'app=orders' },
    });
    const scaled = await clients.apps.patchNamespacedDeploymentScale(
      { name: 'orders', namespace, body: { spec: { replicas: 0 } } },
      withContentType(k8s.PatchStrategy.MergePatch),
    );
    expect(scaled.spec?.replicas).toBe(0);
    const orders = await clients.apps.readNamespacedDeployment({
      name: 'orders',
      namespace,
    });
    expect(orders.spec?.replicas).toBe(0);
    const stale = await statusOf(
      clients.apps.replaceNamespacedDeploymentScale({
        name: 'orders',
        namespace,
        body: { ...scale, spec: { replicas: 3 } },
      }),
    );
    expect(stale).toMatchObject({ httpCode: 409, reason: 'Conflict' });
  });

  it('patches through KubernetesObjectApi with its default strategic merge on built-in kinds', async () => {
    const patched = await clients.objects.patch({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'carts', namespace, labels: { patched: 'yes' } },
    });
    expect(patched.metadata.labels).toEqual({
      app: 'carts',
      tier: 'backend',
      patched: 'yes',
    });
  });

  it('deletes an object and then answers 404', async () => {
    const status = await clients.core.deleteNamespacedConfigMap({
      name: 'created',
      namespace,
    });
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'created', kind: 'configmaps', uid: expect.any(String) },
    });
    expect(
      await statusOf(
        clients.core.readNamespacedConfigMap({ name: 'created', namespace }),
      ),
    ).toMatchObject({ httpCode: 404, reason: 'NotFound' });
  });

  it('creates, reads, lists, replaces and deletes through KubernetesObjectApi', async () => {
    const created = await clients.objects.create(virtualService('shipping'));
    expect(created.metadata?.uid).toBeTruthy();
    const read: any = await clients.objects.read({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'shipping', namespace },
    });
    expect(read.spec.hosts).toEqual(['shipping']);
    const list = await clients.objects.list(
      'networking.istio.io/v1beta1',
      'VirtualService',
      namespace,
    );
    expect(list.items.map(i => i.metadata?.name)).toContain('shipping');
    const replaced: any = await clients.objects.replace({
      ...read,
      spec: { ...read.spec, gateways: ['mesh'] },
    });
    expect(replaced.spec.gateways).toEqual(['mesh']);
    expect(replaced.metadata.generation).toBe(2);
    const deleted = await clients.objects.delete(read);
    expect(deleted).toMatchObject({
      status: 'Success',
      details: { name: 'shipping', kind: 'virtualservices' },
    });
  });

  it('deletes what a namespace holds with the namespace', async () => {
    await clients.core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: configMap('inside', {}, 'doomed'),
    });
    await clients.custom.createNamespacedCustomObject({
      ...vsCoordinates,
      namespace: 'doomed',
      body: virtualService('inside', {}, 'doomed'),
    });
    await clients.core.deleteNamespace({ name: 'doomed' });
    const configMaps = await clients.core.listConfigMapForAllNamespaces({
      fieldSelector: 'metadata.namespace=doomed',
    });
    expect(configMaps.items).toEqual([]);
    const virtualServices: any = await clients.custom.listClusterCustomObject({
      group: 'networking.istio.io',
      version: 'v1beta1',
      plural: 'virtualservices',
    });
    expect(
      virtualServices.items.map((i: any) => i.metadata.namespace),
    ).not.toContain('doomed');
    expect(
      await statusOf(clients.core.readNamespace({ name: 'doomed' })),
    ).toMatchObject({ httpCode: 404 });
  });

  describe('dryRun=All', () => {
    const countConfigMaps = async () =>
      (await clients.core.listNamespacedConfigMap({ namespace })).items.length;

    it('answers the would-be object of a create without storing it', async () => {
      const before = await countConfigMaps();
      const answer = await clients.core.createNamespacedConfigMap({
        namespace,
        body: configMap('dry'),
        dryRun: 'All',
      });
      expect(answer.metadata).toMatchObject({ name: 'dry', namespace });
      expect(answer.metadata?.uid).toBeTruthy();
      expect(await countConfigMaps()).toBe(before);
    });

    it('validates a dry-run create', async () => {
      const status = await statusOf(
        clients.core.createNamespacedConfigMap({
          namespace,
          body: configMap('Not_Valid'),
          dryRun: 'All',
        }),
      );
      expect(status).toMatchObject({ httpCode: 422, reason: 'Invalid' });
    });

    it('answers but does not store an update, a patch and an apply', async () => {
      const live = await clients.core.readNamespacedConfigMap({
        name: 'catalogue',
        namespace,
      });
      const updated = await clients.core.replaceNamespacedConfigMap({
        name: 'catalogue',
        namespace,
        body: { ...live, data: { key: 'updated' } },
        dryRun: 'All',
      });
      expect(updated.data).toEqual({ key: 'updated' });
      const patched = await clients.core.patchNamespacedConfigMap(
        {
          name: 'catalogue',
          namespace,
          body: { data: { key: 'patched' } },
          dryRun: 'All',
        },
        withContentType(k8s.PatchStrategy.MergePatch),
      );
      expect(patched.data).toEqual({ key: 'patched' });
      const applied = await clients.core.patchNamespacedConfigMap(
        {
          name: 'catalogue',
          namespace,
          body: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            data: { applied: 'yes' },
          },
          dryRun: 'All',
          fieldManager: 'dry',
        },
        withContentType(k8s.PatchStrategy.ServerSideApply),
      );
      expect(applied.data).toEqual({ key: 'catalogue', applied: 'yes' });
      const appliedNew = await clients.core.patchNamespacedConfigMap(
        {
          name: 'never-stored',
          namespace,
          body: { apiVersion: 'v1', kind: 'ConfigMap', data: { key: 'new' } },
          dryRun: 'All',
          fieldManager: 'dry',
        },
        withContentType(k8s.PatchStrategy.ServerSideApply),
      );
      expect(appliedNew.metadata?.name).toBe('never-stored');

      const after = await clients.core.readNamespacedConfigMap({
        name: 'catalogue',
        namespace,
      });
      expect(after.data).toEqual({ key: 'catalogue' });
      expect(after.metadata?.resourceVersion).toBe(
        live.metadata?.resourceVersion,
      );
      expect(
        await statusOf(
          clients.core.readNamespacedConfigMap({
            name: 'never-stored',
            namespace,
          }),
        ),
      ).toMatchObject({ httpCode: 404 });
    });

    it('answers but does not perform a delete', async () => {
      await clients.core.deleteNamespacedConfigMap({
        name: 'catalogue',
        namespace,
        dryRun: 'All',
      });
      const still = await clients.core.readNamespacedConfigMap({
        name: 'catalogue',
        namespace,
      });
      expect(still.metadata?.name).toBe('catalogue');
    });
  });
});
