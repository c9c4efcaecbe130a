import { Sandbox } from '../sandbox';
import { clientsFor, statusOf } from '../__testUtils__/clients';
import { eventually } from '../__testUtils__/eventually';
import {
  guideControlPlane,
  maistra,
  startMeshSandbox,
} from './__testUtils__/meshSandbox';

/** The guide's 1.1 architecture (citadel, galley, mixer, pilot). */
const guideDeployments = [
  'grafana',
  'istio-citadel',
  'istio-egressgateway',
  'istio-galley',
  'istio-ingressgateway',
  'istio-pilot',
  'istio-policy',
  'istio-sidecar-injector',
  'istio-telemetry',
  'jaeger',
  'kiali',
  'prometheus',
];

describe('ServiceMeshControlPlane', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    ({ sandbox, clients } = await startMeshSandbox([
      'user1-istio-system',
      'user2-istio-system',
      'broken-istio-system',
    ]));
  });
  afterAll(() => sandbox.stop());

  const readSmcp = (namespace: string, name: string, version = 'v2') =>
    clients.custom.getNamespacedCustomObject({
      ...maistra('servicemeshcontrolplanes', version),
      namespace,
      name,
    }) as Promise<any>;

  const podsOf = async (namespace: string) =>
    (await clients.core.listNamespacedPod({ namespace })).items;
  const workloadsOf = (pods: { metadata?: { name?: string } }[]) =>
    pods
      .map(p => p.metadata!.name!.replace(/-[a-z0-9]+-[a-z0-9]{5}$/, ''))
      .sort();

  it('installs the guide’s v1 control plane and reports it Ready', async () => {
    const namespace = 'user1-istio-system';
    const created: any = await clients.custom.createNamespacedCustomObject({
      ...maistra('servicemeshcontrolplanes'),
      namespace,
      body: guideControlPlane,
    });
    // Stored as v2 through the operator's conversion webhook; without it the
    // API server would prune the v1 helm values.
    expect(created.spec).toEqual(guideControlPlane.spec);
    await sandbox.settle();

    const pods = await podsOf(namespace);
    expect(workloadsOf(pods)).toEqual(guideDeployments);
    expect(pods.every(p => p.status!.phase === 'Running')).toBe(true);
    const pilot = pods.find(p => p.metadata!.name!.startsWith('istio-pilot-'))!;
    expect(pilot.spec!.containers).toHaveLength(2);
    // kwok reports every container ready, as a kubelet would.
    expect(pilot.status!.containerStatuses!.map(c => c.ready)).toEqual([
      true,
      true,
    ]);
    const kiali = pods.find(p => p.metadata!.name!.startsWith('kiali-'))!;
    expect(kiali.spec!.containers).toHaveLength(1);

    const deployments = (
      await clients.apps.listNamespacedDeployment({ namespace })
    ).items;
    for (const d of deployments) {
      expect(d.metadata!.labels).toMatchObject({
        'maistra.io/owner': namespace,
        'app.kubernetes.io/component': expect.any(String),
      });
      expect(d.metadata!.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'ServiceMeshControlPlane',
          name: 'basic-install',
          controller: true,
        }),
      ]);
    }

    const gateway = await clients.core.readNamespacedService({
      namespace,
      name: 'istio-ingressgateway',
    });
    expect(gateway.spec!.selector).toMatchObject({ istio: 'ingressgateway' });
    expect(gateway.spec!.ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'http2', port: 80, targetPort: 8080 }),
      ]),
    );
    // Allocated by the real API server.
    expect(gateway.spec!.clusterIP).toMatch(/^10\.96\./);

    const routes: any = await clients.custom.listNamespacedCustomObject({
      group: 'route.openshift.io',
      version: 'v1',
      namespace,
      plural: 'routes',
    });
    expect(
      Object.fromEntries(
        routes.items.map((r: any) => [r.metadata.name, r.spec.host]),
      ),
    ).toEqual({
      grafana: `grafana-${namespace}.apps.sandbox.local`,
      jaeger: `jaeger-${namespace}.apps.sandbox.local`,
      kiali: `kiali-${namespace}.apps.sandbox.local`,
      prometheus: `prometheus-${namespace}.apps.sandbox.local`,
    });

    const smcp = await readSmcp(namespace, 'basic-install');
    expect(smcp.status.conditions).toEqual([
      expect.objectContaining({
        type: 'Installed',
        status: 'True',
        reason: 'InstallSuccessful',
      }),
      expect.objectContaining({ type: 'Reconciled', status: 'True' }),
      expect.objectContaining({
        type: 'Ready',
        status: 'True',
        reason: 'ComponentsReady',
        message: 'All component deployments are Available',
      }),
    ]);
    expect(smcp.status.annotations.readyComponentCount).toBe('10/10');
    expect(smcp.status.readiness.components).toMatchObject({
      pending: [],
      unready: [],
    });
    expect(smcp.status.chartVersion).toBe('1.1.18');
    expect(smcp.status.operatorVersion).toMatch(/^2\.5\./);
    // Read as v1 (what the guide's `oc get smcp` shows), the status has v1's fields.
    const asV1 = await readSmcp(namespace, 'basic-install', 'v1');
    expect(asV1.spec).toEqual(guideControlPlane.spec);
    expect(asV1.status.annotations.readyComponentCount).toBe('10/10');
    expect(asV1.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'True' }),
    );
    const ns = await clients.core.readNamespace({ name: namespace });
    expect(ns.metadata!.labels!['maistra.io/member-of']).toBe(namespace);
  });

  it('installs istiod, gateways and addons for a v2 spec and removes them with the SMCP', async () => {
    const namespace = 'user2-istio-system';
    await clients.custom.createNamespacedCustomObject({
      ...maistra('servicemeshcontrolplanes', 'v2'),
      namespace,
      body: {
        apiVersion: 'maistra.io/v2',
        kind: 'ServiceMeshControlPlane',
        metadata: { name: 'basic' },
        spec: { version: 'v2.5', addons: { grafana: { enabled: false } } },
      },
    });
    await sandbox.settle();
    const names = (
      await clients.apps.listNamespacedDeployment({ namespace })
    ).items
      .map(d => d.metadata!.name)
      .sort();
    expect(names).toEqual([
      'istio-egressgateway',
      'istio-ingressgateway',
      'istiod-basic',
      'jaeger',
      'kiali',
      'prometheus',
    ]);
    const smcp = await readSmcp(namespace, 'basic');
    expect(smcp.status.readiness.components.ready).toEqual(
      expect.arrayContaining(['istio-discovery', 'istio-ingress', 'kiali']),
    );
    expect(smcp.status.annotations.readyComponentCount).toBe('8/8');
    expect(smcp.status.chartVersion).toBe('2.5.12');

    await clients.custom.deleteNamespacedCustomObject({
      ...maistra('servicemeshcontrolplanes', 'v2'),
      namespace,
      name: 'basic',
    });
    // Kubernetes' garbage collector follows the ownerReferences, in its own time.
    await eventually(async () => {
      expect(
        (await clients.apps.listNamespacedDeployment({ namespace })).items,
      ).toHaveLength(0);
      expect(await podsOf(namespace)).toHaveLength(0);
      expect(
        (await clients.core.listNamespacedService({ namespace })).items,
      ).toHaveLength(0);
    }, 90_000);
  });

  it('reports a ValidationError for an unknown version; the API server rejects a malformed spec', async () => {
    const namespace = 'broken-istio-system';
    await clients.custom.createNamespacedCustomObject({
      ...maistra('servicemeshcontrolplanes', 'v2'),
      namespace,
      body: {
        apiVersion: 'maistra.io/v2',
        kind: 'ServiceMeshControlPlane',
        metadata: { name: 'basic' },
        spec: { version: 'v9.9' },
      },
    });
    const smcp = await eventually(async () => {
      const read = await readSmcp(namespace, 'basic');
      expect(read.status?.conditions).toBeDefined();
      return read;
    });
    expect(smcp.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Reconciled',
          status: 'False',
          reason: 'ValidationError',
          message: expect.stringContaining('v9.9'),
        }),
        expect.objectContaining({ type: 'Ready', status: 'False' }),
      ]),
    );
    expect(
      (await clients.apps.listNamespacedDeployment({ namespace })).items,
    ).toHaveLength(0);

    // A malformed section never reaches the operator: the CRD's schema rejects it.
    expect(
      await statusOf(
        clients.custom.replaceNamespacedCustomObject({
          ...maistra('servicemeshcontrolplanes', 'v1'),
          namespace,
          name: 'basic',
          body: {
            ...smcp,
            apiVersion: 'maistra.io/v1',
            spec: { istio: 'yes' },
          },
        }),
      ),
    ).toMatchObject({
      httpCode: 422,
      reason: 'Invalid',
      message: expect.stringContaining('spec.istio'),
    });
  });
});
