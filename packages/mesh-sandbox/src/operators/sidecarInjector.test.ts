import * as k8s from '@kubernetes/client-node';
import { toTable } from '../k8s/table';
import { Sandbox } from '../sandbox';
import { clientsFor } from '../__testUtils__/clients';
import { createAll } from '../scenarios/seeding';
import { sockshopWorkloads } from '../scenarios/sockshopWorkloads';
import { workloadDeployment } from '../scenarios/workloadObjects';
import {
  guideControlPlane,
  maistra,
  memberRollBody,
  startMeshSandbox,
} from './__testUtils__/meshSandbox';

const controlPlane = 'user1-istio-system';
const sockshop = 'user1-sockshop';
const outside = 'outside';
const workloads = sockshopWorkloads.filter(w =>
  ['carts', 'front-end'].includes(w.name),
);

/** The guide's step 3 patch. */
const injectPatch = (name: string) => [
  {
    op: 'add',
    path: '/spec/template/metadata',
    value: {
      annotations: { 'sidecar.istio.io/inject': 'true' },
      labels: { name, version: 'v1' },
    },
  },
];

describe('sidecar injection', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    ({ sandbox, clients } = await startMeshSandbox(
      [controlPlane, sockshop, outside],
      context => {
        createAll(
          context,
          'apps',
          'deployments',
          workloads.map(w =>
            workloadDeployment(w, sockshop, { labels: { name: w.name } }),
          ),
        );
      },
    ));
    await clients.custom.createNamespacedCustomObject({
      ...maistra('servicemeshcontrolplanes'),
      namespace: controlPlane,
      body: guideControlPlane,
    });
    await clients.custom.createNamespacedCustomObject({
      ...maistra('servicemeshmemberrolls'),
      namespace: controlPlane,
      body: memberRollBody([sockshop]),
    });
    await sandbox.settle();
  });
  afterAll(() => sandbox.stop());

  const pods = async (namespace: string, selector?: string) =>
    (
      await clients.core.listNamespacedPod({
        namespace,
        labelSelector: selector,
      })
    ).items;
  const readyColumn = async (namespace: string) => {
    const type = sandbox.api.type('', 'pods');
    const table = toTable(type, sandbox.api.list(type, namespace), '0');
    return table.rows.map(row => row.cells[1]);
  };

  it('leaves running pods alone when their namespace joins the mesh', async () => {
    for (const pod of await pods(sockshop)) {
      expect(pod.spec!.containers.map(c => c.name)).toEqual([
        pod.metadata!.labels!.name,
      ]);
    }
  });

  it('re-creates pods with the Envoy sidecar after the guide’s JSON patch', async () => {
    for (const { name } of workloads) {
      await clients.apps.patchNamespacedDeployment({
        namespace: sockshop,
        name,
        body: injectPatch(name),
      });
    }
    await sandbox.settle();

    const injected = await pods(sockshop);
    expect(injected).toHaveLength(workloads.length);
    for (const pod of injected) {
      const { labels, annotations } = pod.metadata!;
      expect(pod.spec!.containers.map(c => c.name)).toEqual([
        labels!.name,
        'istio-proxy',
      ]);
      const proxy = pod.spec!.containers[1];
      expect(proxy.ports).toEqual([
        expect.objectContaining({
          containerPort: 15090,
          name: 'http-envoy-prom',
        }),
      ]);
      expect(proxy.image).toMatch(/proxyv2-rhel8:1\.1\.18$/);
      expect(JSON.parse(annotations!['sidecar.istio.io/status'])).toMatchObject(
        { containers: ['istio-proxy'], initContainers: null },
      );
      expect(annotations!['istio.io/rev']).toBe('basic-install');
      expect(labels).toMatchObject({
        'security.istio.io/tlsMode': 'istio',
        'service.istio.io/canonical-name': labels!.name,
        'service.istio.io/canonical-revision': 'v1',
        'maistra-version': '1.1.18',
      });
    }
    expect(await readyColumn(sockshop)).toEqual(['2/2', '2/2']);
  });

  it('injects nothing outside the mesh', async () => {
    await clients.apps.createNamespacedDeployment({
      namespace: outside,
      body: workloadDeployment(workloads[0], outside, {
        labels: { name: 'carts' },
        annotations: { 'sidecar.istio.io/inject': 'true' },
      }) as k8s.V1Deployment,
    });
    await sandbox.settle();
    const [pod] = await pods(outside);
    expect(pod.spec!.containers.map(c => c.name)).toEqual(['carts']);
    expect(
      pod.metadata!.annotations?.['sidecar.istio.io/status'],
    ).toBeUndefined();
    expect(await readyColumn(outside)).toEqual(['1/1']);
  });

  it('injects nothing while the control plane is not Ready', async () => {
    await clients.custom.patchNamespacedCustomObject(
      {
        ...maistra('servicemeshcontrolplanes'),
        namespace: controlPlane,
        name: 'basic-install',
        body: { spec: { version: 'v9.9' } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await sandbox.settle();
    const [carts] = await pods(sockshop, 'name=carts');
    await clients.core.deleteNamespacedPod({
      namespace: sockshop,
      name: carts.metadata!.name!,
    });
    await sandbox.settle();
    const [recreated] = await pods(sockshop, 'name=carts');
    expect(recreated.metadata!.name).not.toBe(carts.metadata!.name);
    expect(recreated.spec!.containers.map(c => c.name)).toEqual(['carts']);
  });
});
