import * as k8s from '@kubernetes/client-node';
import { Sandbox } from '../sandbox';
import { clientsFor } from '../__testUtils__/clients';
import {
  deployment,
  namespaceName as namespace,
  startSeededSandbox,
  virtualService,
  vsCoordinates,
} from './__testUtils__/cluster';

describe('the status subresource with client-node', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    sandbox = await startSeededSandbox(api => {
      api.create(
        api.type('apps', 'deployments'),
        namespace,
        deployment('carts'),
      );
      api.create(
        api.type('networking.istio.io', 'virtualservices'),
        namespace,
        virtualService('carts'),
      );
    });
    clients = clientsFor(sandbox);
  });
  afterAll(() => sandbox.stop());

  const readCarts = () =>
    clients.apps.readNamespacedDeployment({ name: 'carts', namespace });

  it('ignores status in writes to the main resource', async () => {
    const live = await readCarts();
    const replaced = await clients.apps.replaceNamespacedDeployment({
      name: 'carts',
      namespace,
      body: { ...live, status: { replicas: 7, readyReplicas: 7 } },
    });
    expect(replaced.status?.replicas).toBeUndefined();
    const patched = await clients.apps.patchNamespacedDeployment(
      { name: 'carts', namespace, body: { status: { readyReplicas: 3 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(patched.status?.readyReplicas).toBeUndefined();
  });

  it('changes only status through /status, without bumping generation', async () => {
    const live = await readCarts();
    const updated = await clients.apps.replaceNamespacedDeploymentStatus({
      name: 'carts',
      namespace,
      body: {
        ...live,
        spec: { ...live.spec!, replicas: 5 },
        status: { replicas: 1, readyReplicas: 1, observedGeneration: 1 },
      },
    });
    expect(updated.status).toEqual({
      replicas: 1,
      readyReplicas: 1,
      observedGeneration: 1,
    });
    expect(updated.spec?.replicas).toBe(1);
    expect(updated.metadata?.generation).toBe(live.metadata?.generation);
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(
      Number(live.metadata?.resourceVersion),
    );
  });

  it('bumps generation on a spec change only', async () => {
    const live = await readCarts();
    const relabelled = await clients.apps.patchNamespacedDeployment(
      {
        name: 'carts',
        namespace,
        body: { metadata: { labels: { app: 'carts', team: 'sock' } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(relabelled.metadata?.generation).toBe(live.metadata?.generation);
    const scaled = await clients.apps.patchNamespacedDeployment(
      { name: 'carts', namespace, body: { spec: { replicas: 2 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(scaled.metadata?.generation).toBe(live.metadata!.generation! + 1);
    expect(scaled.status?.readyReplicas).toBe(1);
  });

  it('patches the status of a custom resource through /status', async () => {
    const patched: any = await clients.custom.patchNamespacedCustomObjectStatus(
      {
        ...vsCoordinates,
        name: 'carts',
        body: {
          spec: { hosts: ['ignored'] },
          status: { observedGeneration: 1 },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(patched.status).toEqual({ observedGeneration: 1 });
    expect(patched.spec.hosts).toEqual(['carts']);
    const read: any = await clients.custom.getNamespacedCustomObjectStatus({
      ...vsCoordinates,
      name: 'carts',
    });
    expect(read.status).toEqual({ observedGeneration: 1 });
  });

  it('sets status from a controller through api.updateStatus', async () => {
    const deployments = sandbox.api.type('apps', 'deployments');
    sandbox.api.updateStatus(
      deployments,
      namespace,
      'carts',
      { replicas: 2, readyReplicas: 2 },
      'deployment-controller',
    );
    const read = await readCarts();
    expect(read.status).toEqual({ replicas: 2, readyReplicas: 2 });
    expect(
      read.metadata?.managedFields?.find(
        e => e.manager === 'deployment-controller',
      )?.subresource,
    ).toBe('status');
  });
});
