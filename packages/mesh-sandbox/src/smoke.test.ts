import * as k8s from '@kubernetes/client-node';
import { allOperatorCrds } from './k8s/operatorCrds';
import { Sandbox, startSandbox } from './sandbox';
import { clientsFor, statusOf } from './__testUtils__/clients';

describe('sandbox Kubernetes API with client-node', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: ({ api }) => {
        const crds = api.type(
          'apiextensions.k8s.io',
          'customresourcedefinitions',
        );
        allOperatorCrds.forEach(crd => api.create(crds, undefined, crd));
        api.create(api.type('', 'namespaces'), undefined, {
          metadata: { name: 'user1-sockshop' },
        });
      },
    });
  });
  afterAll(() => sandbox.stop());

  it('creates, reads and applies a VirtualService', async () => {
    const { custom } = clientsFor(sandbox);
    const body = {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'front-end', namespace: 'user1-sockshop' },
      spec: {
        hosts: ['front-end'],
        http: [{ route: [{ destination: { host: 'front-end' } }] }],
      },
    };
    const created: any = await custom.createNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1beta1',
      namespace: 'user1-sockshop',
      plural: 'virtualservices',
      body,
    });
    expect(created.metadata.uid).toBeTruthy();
    const again = await statusOf(
      custom.createNamespacedCustomObject({
        group: 'networking.istio.io',
        version: 'v1beta1',
        namespace: 'user1-sockshop',
        plural: 'virtualservices',
        body,
      }),
    );
    expect(again).toMatchObject({ httpCode: 409, reason: 'AlreadyExists' });
    const v1 = await statusOf(
      custom.getNamespacedCustomObject({
        group: 'networking.istio.io',
        version: 'v1',
        namespace: 'user1-sockshop',
        plural: 'virtualservices',
        name: 'front-end',
      }),
    );
    expect(v1).toMatchObject({
      httpCode: 404,
      message: 'the server could not find the requested resource',
    });

    const applied: any = await custom.patchNamespacedCustomObject(
      {
        group: 'networking.istio.io',
        version: 'v1beta1',
        namespace: 'user1-sockshop',
        plural: 'virtualservices',
        name: 'front-end',
        body: { ...body, spec: { ...body.spec, gateways: ['gw'] } },
        fieldManager: 'test',
        force: true,
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    expect(applied.spec.gateways).toEqual(['gw']);
    expect(applied.metadata.generation).toBe(2);
  });
});
