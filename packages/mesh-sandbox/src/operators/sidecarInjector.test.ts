import * as k8s from '@kubernetes/client-node';
import { kinds } from '../client/kinds';
import { Sandbox } from '../sandbox';
import { clientsFor } from '../__testUtils__/clients';
import { eventually } from '../__testUtils__/eventually';
import { serverTable } from '../__testUtils__/table';
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
      context =>
        createAll(
          context,
          kinds.deployments,
          workloads.map(w =>
            workloadDeployment(w, sockshop, { labels: { name: w.name } }),
          ),
        ),
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
    await eventually(async () => {
      const ns = await clients.core.readNamespace({ name: sockshop });
      if (ns.metadata!.labels?.['maistra.io/member-of'] !== controlPlane)
        throw new Error(`${sockshop} is not a member of ${controlPlane} yet`);
    });
  });
  afterAll(() => sandbox.stop());

  const pods = async (namespace: string, selector?: string) =>
    (
      await clients.core.listNamespacedPod({
        namespace,
        labelSelector: selector,
      })
    ).items;
  /** The READY column the API server's pod table shows (kubectl get pods). */
  const readyColumn = async (namespace: string) =>
    (await serverTable(sandbox, kinds.pods, namespace)).map(row => row.Ready);

  it('is a MutatingWebhookConfiguration the API server calls for new pods in member namespaces', async () => {
    const configuration = await clients.kc
      .makeApiClient(k8s.AdmissionregistrationV1Api)
      .readMutatingWebhookConfiguration({ name: 'mesh-sandbox-simulators' });
    const injector = configuration.webhooks!.find(
      w => w.name === 'sidecar-injector.maistra.io',
    )!;
    expect(injector.rules).toEqual([
      expect.objectContaining({
        apiGroups: [''],
        resources: ['pods'],
        operations: ['CREATE'],
      }),
    ]);
    expect(injector.namespaceSelector!.matchExpressions).toContainEqual({
      key: 'maistra.io/member-of',
      operator: 'Exists',
    });
    expect(injector.clientConfig.url).toContain(sandbox.url);
  });

  it('leaves running pods alone when their namespace joins the mesh', async () => {
    for (const pod of await pods(sockshop)) {
      expect(pod.spec!.containers.map(c => c.name)).toEqual([
        pod.metadata!.labels!.name,
      ]);
    }
  });

  it('re-creates pods with the Envoy sidecar after the guide’s JSON patch', async () => {
    for (const { name } of workloads) {
      await clients.apps.patchNamespacedDeployment(
        { namespace: sockshop, name, body: injectPatch(name) },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
      );
    }
    await sandbox.settle();

    // The Deployments roll out new pods, which the API server sends through the webhook.
    const injected = await eventually(async () => {
      const now = await pods(sockshop);
      expect(now).toHaveLength(workloads.length);
      for (const pod of now)
        expect(pod.spec!.containers.map(c => c.name)).toContain('istio-proxy');
      expect(await readyColumn(sockshop)).toEqual(['2/2', '2/2']);
      return now;
    });
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
    const [pod] = await eventually(async () => {
      const now = await pods(outside);
      expect(now).toHaveLength(1);
      return now;
    });
    expect(pod.spec!.containers.map(c => c.name)).toEqual(['carts']);
    expect(
      pod.metadata!.annotations?.['sidecar.istio.io/status'],
    ).toBeUndefined();
    await eventually(async () =>
      expect(await readyColumn(outside)).toEqual(['1/1']),
    );
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
    await eventually(async () => {
      const smcp: any = await clients.custom.getNamespacedCustomObject({
        ...maistra('servicemeshcontrolplanes', 'v2'),
        namespace: controlPlane,
        name: 'basic-install',
      });
      expect(smcp.status.conditions).toContainEqual(
        expect.objectContaining({ type: 'Ready', status: 'False' }),
      );
    });
    const [carts] = await pods(sockshop, 'name=carts');
    await clients.core.deleteNamespacedPod({
      namespace: sockshop,
      name: carts.metadata!.name!,
    });
    // The ReplicaSet re-creates it; kwok removes the deleted one.
    const recreated = await eventually(async () => {
      const now = await pods(sockshop, 'name=carts');
      expect(now.map(p => p.metadata!.name)).not.toContain(
        carts.metadata!.name,
      );
      expect(now).toHaveLength(1);
      return now[0];
    });
    expect(recreated.spec!.containers.map(c => c.name)).toEqual(['carts']);
    await eventually(async () =>
      expect(await readyColumn(sockshop)).toEqual(['1/1', '2/2']),
    );
  });
});
