import { Sandbox } from '../sandbox';
import { clientsFor, statusOf } from '../__testUtils__/clients';
import {
  guideControlPlane,
  maistra,
  memberRollBody,
  startMeshSandbox,
} from './__testUtils__/meshSandbox';

const controlPlane = 'user1-istio-system';
const sockshop = 'user1-sockshop';

const virtualService = (weights: number[]) => ({
  apiVersion: 'networking.istio.io/v1beta1',
  kind: 'VirtualService',
  metadata: { name: 'front-end-virtualservice' },
  spec: {
    hosts: ['front-end-user1-sockshop.apps.sandbox.local'],
    gateways: ['sockshop-wildcard-gateway'],
    http: [
      {
        route: weights.map((weight, i) => ({
          destination: {
            host: 'front-end.user1-sockshop.svc.cluster.local',
            subset: `v${i + 1}`,
          },
          weight,
        })),
      },
    ],
  },
});

describe('Istio validating webhook', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    ({ sandbox, clients } = await startMeshSandbox([
      controlPlane,
      sockshop,
      'outside',
    ]));
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

  const createVs = (namespace: string, weights: number[]) =>
    clients.custom.createNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1beta1',
      namespace,
      plural: 'virtualservices',
      body: virtualService(weights),
    });

  it('denies weights that do not add up to 100 in a member namespace', async () => {
    const status = await statusOf(createVs(sockshop, [70, 20]));
    expect(status).toMatchObject({
      httpCode: 403,
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      message:
        'virtualservices.networking.istio.io "front-end-virtualservice" is forbidden: admission webhook "validation.istio.io" denied the request: configuration is invalid: total destination weight 90 != 100',
      details: {
        name: 'front-end-virtualservice',
        group: 'networking.istio.io',
        kind: 'virtualservices',
      },
    });
  });

  it('accepts the 80/20 canary', async () => {
    const created: any = await createVs(sockshop, [80, 20]);
    expect(created.metadata.uid).toBeTruthy();
  });

  it('does not look at namespaces outside the mesh', async () => {
    const created: any = await createVs('outside', [70, 20]);
    expect(created.spec.http[0].route).toHaveLength(2);
  });
});
