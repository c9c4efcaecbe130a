import * as k8s from '@kubernetes/client-node';
import { Sandbox, startSandbox } from '../sandbox';
import { clientsFor } from '../__testUtils__/clients';
import { kubernetesControllers } from '.';

const namespace = 'shop';

const deployment = (name: string, replicas = 1): k8s.V1Deployment => ({
  metadata: { name, namespace },
  spec: {
    replicas,
    selector: { matchLabels: { name } },
    template: {
      metadata: { labels: { name } },
      spec: {
        containers: [
          {
            name,
            image: `weaveworksdemos/${name}:0.4.8`,
            ports: [{ containerPort: 80 }],
          },
        ],
      },
    },
  },
});

describe('deployment rollout', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    sandbox = await startSandbox({
      controllers: kubernetesControllers(),
      seed: ({ api }) => {
        api.create(api.type('', 'namespaces'), undefined, {
          metadata: { name: namespace },
        });
      },
    });
    clients = clientsFor(sandbox);
  });
  afterAll(() => sandbox.stop());

  const podsOf = async (name: string) =>
    (
      await clients.core.listNamespacedPod({
        namespace,
        labelSelector: `name=${name}`,
      })
    ).items;

  it('creates a ReplicaSet and running pods owned through it', async () => {
    await clients.apps.createNamespacedDeployment({
      namespace,
      body: deployment('carts', 2),
    });
    await sandbox.settle();

    const [rs, ...others] = (
      await clients.apps.listNamespacedReplicaSet({ namespace })
    ).items.filter(r => r.metadata?.name?.startsWith('carts-'));
    expect(others).toHaveLength(0);
    const hash = rs.metadata!.labels!['pod-template-hash'];
    expect(rs.metadata!.name).toBe(`carts-${hash}`);
    expect(rs.metadata!.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'carts',
        controller: true,
      }),
    ]);

    const pods = await podsOf('carts');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata!.name).toMatch(
        new RegExp(`^carts-${hash}-[a-z0-9]{5}$`),
      );
      expect(pod.metadata!.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'ReplicaSet',
          name: rs.metadata!.name,
          uid: rs.metadata!.uid,
          controller: true,
        }),
      ]);
      expect(pod.status!.phase).toBe('Running');
      expect(pod.status!.podIP).toMatch(/^10\.12[89]\.\d+\.\d+$/);
      expect(pod.status!.containerStatuses!.every(c => c.ready)).toBe(true);
    }

    const status = (
      await clients.apps.readNamespacedDeployment({ namespace, name: 'carts' })
    ).status!;
    expect(status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
        }),
        expect.objectContaining({
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        }),
      ]),
    );
  });

  it('rolls new pods when the pod template changes', async () => {
    await clients.apps.createNamespacedDeployment({
      namespace,
      body: deployment('orders'),
    });
    await sandbox.settle();
    const [before] = await podsOf('orders');

    await clients.apps.patchNamespacedDeployment({
      namespace,
      name: 'orders',
      body: [
        {
          op: 'add',
          path: '/spec/template/metadata',
          value: { labels: { name: 'orders', version: 'v1' } },
        },
      ],
    });
    await sandbox.settle();

    const after = await podsOf('orders');
    expect(after).toHaveLength(1);
    expect(after[0].metadata!.name).not.toBe(before.metadata!.name);
    expect(after[0].metadata!.labels!.version).toBe('v1');
    const replicaSets = (
      await clients.apps.listNamespacedReplicaSet({ namespace })
    ).items.filter(r => r.metadata?.name?.startsWith('orders-'));
    expect(replicaSets.map(r => r.spec!.replicas).sort()).toEqual([0, 1]);
    const current = replicaSets.find(r => r.spec!.replicas === 1)!;
    expect(
      current.metadata!.annotations!['deployment.kubernetes.io/revision'],
    ).toBe('2');
    const orders = await clients.apps.readNamespacedDeployment({
      namespace,
      name: 'orders',
    });
    expect(orders.status).toMatchObject({
      observedGeneration: 2,
      updatedReplicas: 1,
      readyReplicas: 1,
    });
  });

  it('removes every pod when scaled to 0 and brings them back', async () => {
    await clients.apps.createNamespacedDeployment({
      namespace,
      body: deployment('payment'),
    });
    await sandbox.settle();
    await clients.apps.patchNamespacedDeployment(
      { namespace, name: 'payment', body: { spec: { replicas: 0 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await sandbox.settle();
    expect(await podsOf('payment')).toHaveLength(0);
    const scaledDown = await clients.apps.readNamespacedDeployment({
      namespace,
      name: 'payment',
    });
    expect(scaledDown.status?.readyReplicas ?? 0).toBe(0);

    await clients.apps.patchNamespacedDeployment(
      { namespace, name: 'payment', body: { spec: { replicas: 1 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await sandbox.settle();
    expect(await podsOf('payment')).toHaveLength(1);
  });

  it('keeps Endpoints of a Service in step with its ready pods', async () => {
    await clients.core.createNamespacedService({
      namespace,
      body: {
        metadata: { name: 'carts' },
        spec: { selector: { name: 'carts' }, ports: [{ port: 80 }] },
      },
    });
    await sandbox.settle();
    const service = await clients.core.readNamespacedService({
      namespace,
      name: 'carts',
    });
    expect(service.spec!.clusterIP).toMatch(/^172\.30\./);
    const endpoints = await clients.core.readNamespacedEndpoints({
      namespace,
      name: 'carts',
    });
    const ips = (await podsOf('carts')).map(p => p.status!.podIP).sort();
    expect(endpoints.subsets![0].addresses!.map(a => a.ip).sort()).toEqual(ips);
    expect(endpoints.subsets![0].ports).toEqual([
      expect.objectContaining({ port: 80 }),
    ]);
  });

  it('writes nothing when an unchanged deployment is reconciled again', async () => {
    await sandbox.settle();
    const before = await clients.apps.readNamespacedDeployment({
      namespace,
      name: 'carts',
    });
    const patched = await clients.apps.patchNamespacedDeployment(
      {
        namespace,
        name: 'carts',
        body: { metadata: { labels: { team: 'shop' } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await sandbox.settle();
    const after = await clients.apps.readNamespacedDeployment({
      namespace,
      name: 'carts',
    });
    // Only the label patch itself was stored: the controller's pass changed nothing.
    expect(after.metadata!.resourceVersion).toBe(
      patched.metadata!.resourceVersion,
    );
    expect(after.status).toEqual(before.status);
  });
});
