import { kinds } from '../client/kinds';
import { Sandbox, SandboxOptions, startSandbox } from '../sandbox';
import { clientsFor } from '../__testUtils__/clients';
import { serverTable } from '../__testUtils__/table';
import { defaultControllers } from '../operators';
import { scenarios } from '.';

const sockshopDeployments = [
  'carts',
  'carts-db',
  'catalogue',
  'catalogue-db',
  'front-end',
  'orders',
  'orders-db',
  'payment',
  'queue-master',
  'rabbitmq',
  'shipping',
  'user',
  'user-db',
];

async function start(seed: SandboxOptions['seed']) {
  const sandbox = await startSandbox({
    controllers: defaultControllers(),
    seed,
  });
  // Seeds write asynchronously; the meshed one waits for the control plane first.
  await sandbox.settle(90_000);
  return { sandbox, clients: clientsFor(sandbox, 'admin') };
}

/** The READY column of `kubectl get pods`, from the API server's own table. */
const readyColumn = async (sandbox: Sandbox, namespace: string) =>
  (await serverTable(sandbox, kinds.pods, namespace)).map(
    row => row.Ready as string,
  );

const routesIn = async (
  clients: ReturnType<typeof clientsFor>,
  namespace: string,
) =>
  (
    (await clients.custom.listNamespacedCustomObject({
      group: 'route.openshift.io',
      version: 'v1',
      namespace,
      plural: 'routes',
    })) as any
  ).items;

describe('sockshop scenario', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    ({ sandbox, clients } = await start(scenarios.sockshop({ users: 2 })));
  });
  afterAll(() => sandbox.stop());

  it('runs SockShop ready in each user’s namespace, without a mesh', async () => {
    for (const user of ['user1', 'user2']) {
      const namespace = `${user}-sockshop`;
      const deployments = (
        await clients.apps.listNamespacedDeployment({ namespace })
      ).items;
      expect(deployments.map(d => d.metadata!.name).sort()).toEqual(
        sockshopDeployments,
      );
      for (const d of deployments) {
        expect(d.status!.readyReplicas).toBe(1);
        expect(d.spec!.template.metadata!.labels).toEqual({
          name: d.metadata!.name,
        });
      }
      expect(
        (await readyColumn(sandbox, namespace)).every(c => c === '1/1'),
      ).toBe(true);
      const frontEnd = await clients.core.readNamespacedService({
        namespace,
        name: 'front-end',
      });
      expect(frontEnd.spec!.ports![0]).toMatchObject({
        port: 80,
        targetPort: 8079,
      });
      const [route] = await routesIn(clients, namespace);
      expect(route.metadata.name).toBe('front-end');
      expect(route.spec.to.name).toBe('front-end');
      expect(route.spec.host).toBe(`front-end-${namespace}.apps.sandbox.local`);
    }
    const smcps: any = await clients.custom.listClusterCustomObject({
      group: 'maistra.io',
      version: 'v2',
      plural: 'servicemeshcontrolplanes',
    });
    expect(smcps.items).toHaveLength(0);
  });
});

describe('meshed scenario', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    ({ sandbox, clients } = await start(scenarios.meshed({ users: 1 })));
  });
  afterAll(() => sandbox.stop());

  it('has the whole guide done: every SockShop pod 2/2 behind the gateway Route', async () => {
    const namespace = 'user1-sockshop';
    const deployments = (
      await clients.apps.listNamespacedDeployment({ namespace })
    ).items;
    expect(deployments.map(d => d.metadata!.name).sort()).toEqual(
      [...sockshopDeployments, 'front-end-v2'].sort(),
    );
    const column = await readyColumn(sandbox, namespace);
    expect(column).toHaveLength(14);
    expect(column.every(c => c === '2/2')).toBe(true);

    const v2 = deployments.find(d => d.metadata!.name === 'front-end-v2')!;
    expect(v2.spec!.template.metadata!.labels).toEqual({
      name: 'front-end',
      app: 'front-end',
      version: 'v2',
    });
    expect(v2.spec!.template.spec!.containers[0].image).toBe(
      'mosuke5/front-end:master-49c0d1f',
    );

    const vs: any = await clients.custom.getNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1beta1',
      namespace,
      plural: 'virtualservices',
      name: 'front-end-virtualservice',
    });
    expect(vs.spec.hosts).toEqual([
      'front-end-user1-sockshop.apps.sandbox.local',
    ]);
    expect(
      vs.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight]),
    ).toEqual([
      ['v1', 80],
      ['v2', 20],
    ]);

    expect(await routesIn(clients, namespace)).toHaveLength(0);
    const gatewayRoute = (await routesIn(clients, 'user1-istio-system')).find(
      (r: any) => r.metadata.name === 'front-end-service-gateway',
    );
    expect(gatewayRoute.spec).toMatchObject({
      host: 'front-end-user1-sockshop.apps.sandbox.local',
      to: { name: 'istio-ingressgateway' },
      port: { targetPort: 8080 },
    });

    const roll: any = await clients.custom.getNamespacedCustomObject({
      group: 'maistra.io',
      version: 'v1',
      namespace: 'user1-istio-system',
      plural: 'servicemeshmemberrolls',
      name: 'default',
    });
    expect(roll.status.configuredMembers).toEqual([namespace]);

    // The guide's v1 control plane (1.1: pilot, mixer, citadel), with its addons.
    const smcp: any = await clients.custom.getNamespacedCustomObject({
      group: 'maistra.io',
      version: 'v1',
      namespace: 'user1-istio-system',
      plural: 'servicemeshcontrolplanes',
      name: 'basic-install',
    });
    expect(smcp.spec.istio).toMatchObject({
      kiali: { enabled: true },
      grafana: { enabled: true },
    });
    const components = (
      await clients.apps.listNamespacedDeployment({
        namespace: 'user1-istio-system',
      })
    ).items.map(d => d.metadata!.name);
    expect(components).toEqual(
      expect.arrayContaining(['istio-pilot', 'kiali', 'grafana', 'jaeger']),
    );
  });
});

describe('scale scenario', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    ({ sandbox, clients } = await start(scenarios.scale({ services: 30 })));
  });
  afterAll(() => sandbox.stop());

  it('runs N meshed services in one namespace', async () => {
    const services = (
      await clients.core.listNamespacedService({ namespace: 'scale' })
    ).items;
    expect(services).toHaveLength(30);
    const column = await readyColumn(sandbox, 'scale');
    expect(column).toHaveLength(30);
    expect(column.every(c => c === '2/2')).toBe(true);
  });
});
