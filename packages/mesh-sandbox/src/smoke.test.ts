import * as k8s from '@kubernetes/client-node';
import { Sandbox, startSandbox } from './sandbox';
import { clientsFor, statusOf } from './__testUtils__/clients';

const virtualServices = {
  group: 'networking.istio.io',
  version: 'v1beta1',
  namespace: 'user1-sockshop',
  plural: 'virtualservices',
};

describe('the local cluster with client-node', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: ({ client }) =>
        client
          .create(
            {
              group: '',
              version: 'v1',
              plural: 'namespaces',
              kind: 'Namespace',
              namespaced: false,
            },
            { metadata: { name: 'user1-sockshop' } },
          )
          .then(() => {}),
    });
  });
  afterAll(() => sandbox?.stop());

  it('is a real kube-apiserver of the version the binaries were built at', async () => {
    const { kc } = clientsFor(sandbox);
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.3[6-9]\.\d+$/);
    expect(version.gitVersion).toBe(sandbox.version);
  });

  it('creates, reads and applies a VirtualService, served at every version of the upstream CRD', async () => {
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
      ...virtualServices,
      body,
    });
    expect(created.metadata.uid).toBeTruthy();
    expect(
      await statusOf(
        custom.createNamespacedCustomObject({ ...virtualServices, body }),
      ),
    ).toMatchObject({ httpCode: 409, reason: 'AlreadyExists' });
    const v1: any = await custom.getNamespacedCustomObject({
      ...virtualServices,
      version: 'v1',
      name: 'front-end',
    });
    expect(v1.apiVersion).toBe('networking.istio.io/v1');

    const applied: any = await custom.patchNamespacedCustomObject(
      {
        ...virtualServices,
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

  it('authorizes with RBAC: the read-only service account may not write, no token gets 401', async () => {
    const readOnly = clientsFor(sandbox, 'read');
    expect(
      await statusOf(
        readOnly.core.createNamespacedConfigMap({
          namespace: 'user1-sockshop',
          body: { metadata: { name: 'x' } },
        }),
      ),
    ).toMatchObject({
      httpCode: 403,
      reason: 'Forbidden',
      message: expect.stringContaining(
        'User "system:serviceaccount:backstage:backstage-read-only" cannot create resource "configmaps"',
      ),
    });
    const kc = new k8s.KubeConfig();
    kc.loadFromString(sandbox.kubeconfig('read'));
    kc.users[0] = { name: kc.users[0].name } as any;
    expect(
      await statusOf(kc.makeApiClient(k8s.CoreV1Api).listNamespace()),
    ).toMatchObject({ httpCode: 401 });
  });

  it('counts the requests made through its port by verb and resource', async () => {
    sandbox.stats.reset();
    const { core } = clientsFor(sandbox);
    await core.listNamespacedPod({ namespace: 'user1-sockshop' });
    await core.readNamespace({ name: 'user1-sockshop' });
    expect(sandbox.stats.snapshot()).toEqual({
      total: 2,
      byVerb: { list: 1, get: 1 },
      byResource: { pods: { list: 1 }, namespaces: { get: 1 } },
    });
  });
});
