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
import { rawRequest } from './__testUtils__/request';

const failure = (
  code: number,
  reason: string,
  message: string,
  details?: object,
) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
  httpCode: code,
});

const unknownResource = failure(
  404,
  'NotFound',
  'the server could not find the requested resource',
);

describe('Kubernetes API errors', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    sandbox = await startSeededSandbox(api => {
      api.create(api.type('', 'configmaps'), namespace, configMap('carts'));
      api.create(
        api.type('networking.istio.io', 'virtualservices'),
        namespace,
        virtualService('front-end'),
      );
      api.create(
        api.type('apps', 'deployments'),
        namespace,
        deployment('orders'),
      );
    });
    clients = clientsFor(sandbox);
  });
  afterAll(() => sandbox.stop());

  describe('401 Unauthorized', () => {
    it.each([
      ['without a token', null],
      ['with a wrong token', 'not-a-token'],
    ])('answers a request %s', async (_, token) => {
      const response = await rawRequest(sandbox, '/api/v1/namespaces', {
        token,
      });
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.json).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    });

    it('fails a client-node call with a wrong token', async () => {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(
        sandbox.kubeconfig().replace(sandbox.tokens.write, 'wrong-token'),
      );
      // client-node drops the body of the 401 its OpenAPI document declares.
      await expect(
        kc.makeApiClient(k8s.CoreV1Api).listNamespace(),
      ).rejects.toMatchObject({ code: 401 });
    });
  });

  describe('403 Forbidden for the read-only token', () => {
    let reader: ReturnType<typeof clientsFor>;
    beforeAll(() => {
      reader = clientsFor(sandbox, 'read');
    });

    it('lets it read', async () => {
      const list = await reader.core.listNamespacedConfigMap({ namespace });
      expect(list.items.map(i => i.metadata?.name)).toEqual(['carts']);
    });

    it('forbids a create of a core kind', async () => {
      expect(
        await statusOf(
          reader.core.createNamespacedConfigMap({
            namespace,
            body: configMap('new'),
          }),
        ),
      ).toEqual(
        failure(
          403,
          'Forbidden',
          'configmaps is forbidden: User "system:serviceaccount:sandbox:viewer" cannot create resource "configmaps" in API group "" in the namespace "user1-sockshop"',
          { kind: 'configmaps' },
        ),
      );
    });

    it('forbids a patch of a custom resource', async () => {
      expect(
        await statusOf(
          reader.custom.patchNamespacedCustomObject({
            ...vsCoordinates,
            name: 'front-end',
            body: [{ op: 'add', path: '/spec/gateways', value: ['mesh'] }],
          }),
        ),
      ).toEqual(
        failure(
          403,
          'Forbidden',
          'virtualservices.networking.istio.io is forbidden: User "system:serviceaccount:sandbox:viewer" cannot patch resource "virtualservices" in API group "networking.istio.io" in the namespace "user1-sockshop"',
          { group: 'networking.istio.io', kind: 'virtualservices' },
        ),
      );
    });

    it('forbids a delete of a cluster-scoped object', async () => {
      expect(
        await statusOf(reader.core.deleteNamespace({ name: namespace })),
      ).toMatchObject({
        httpCode: 403,
        message:
          'namespaces is forbidden: User "system:serviceaccount:sandbox:viewer" cannot delete resource "namespaces" in API group "" at the cluster scope',
      });
    });
  });

  describe('404 NotFound', () => {
    it('names the missing object, with details.kind the plural', async () => {
      expect(
        await statusOf(
          clients.custom.getNamespacedCustomObject({
            ...vsCoordinates,
            name: 'carts',
          }),
        ),
      ).toEqual(
        failure(
          404,
          'NotFound',
          'virtualservices.networking.istio.io "carts" not found',
          {
            name: 'carts',
            group: 'networking.istio.io',
            kind: 'virtualservices',
          },
        ),
      );
      expect(
        await statusOf(
          clients.core.readNamespacedConfigMap({ name: 'nope', namespace }),
        ),
      ).toEqual(
        failure(404, 'NotFound', 'configmaps "nope" not found', {
          name: 'nope',
          kind: 'configmaps',
        }),
      );
    });

    it('answers the end-of-chain 404 for networking.istio.io/v1', async () => {
      expect(
        await statusOf(
          clients.custom.listNamespacedCustomObject({
            ...vsCoordinates,
            version: 'v1',
          }),
        ),
      ).toEqual(unknownResource);
      const discovery = await rawRequest(
        sandbox,
        '/apis/networking.istio.io/v1',
      );
      expect(discovery.status).toBe(404);
      expect(discovery.json).toEqual({
        ...unknownResource,
        httpCode: undefined,
      });
    });

    it('fails KubernetesObjectApi reads of networking.istio.io/v1 at discovery', async () => {
      await expect(
        clients.objects.read({
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'front-end', namespace },
        }),
      ).rejects.toMatchObject({ code: 404 });
    });

    it('answers 404 when the namespace of a create does not exist', async () => {
      expect(
        await statusOf(
          clients.core.createNamespacedConfigMap({
            namespace: 'missing',
            body: configMap('x', {}, 'missing'),
          }),
        ),
      ).toEqual(
        failure(404, 'NotFound', 'namespaces "missing" not found', {
          name: 'missing',
          kind: 'namespaces',
        }),
      );
    });
  });

  it('answers 409 AlreadyExists on a second create', async () => {
    expect(
      await statusOf(
        clients.custom.createNamespacedCustomObject({
          ...vsCoordinates,
          body: virtualService('front-end'),
        }),
      ),
    ).toEqual(
      failure(
        409,
        'AlreadyExists',
        'virtualservices.networking.istio.io "front-end" already exists',
        {
          name: 'front-end',
          group: 'networking.istio.io',
          kind: 'virtualservices',
        },
      ),
    );
  });

  describe('422 Invalid', () => {
    it('rejects a name that is not an RFC 1123 subdomain', async () => {
      const name = 'Carts_Config';
      expect(
        await statusOf(
          clients.core.createNamespacedConfigMap({
            namespace,
            body: configMap(name),
          }),
        ),
      ).toEqual(
        failure(
          422,
          'Invalid',
          `ConfigMap "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
          {
            name,
            kind: 'ConfigMap',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
                field: 'metadata.name',
              },
            ],
          },
        ),
      );
    });

    it('rejects a 64-character namespace name', async () => {
      const name = 'n'.repeat(64);
      expect(
        await statusOf(
          clients.core.createNamespace({ body: { metadata: { name } } }),
        ),
      ).toEqual(
        failure(
          422,
          'Invalid',
          `Namespace "${name}" is invalid: metadata.name: Invalid value: "${name}": must be no more than 63 characters`,
          {
            name,
            kind: 'Namespace',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: `Invalid value: "${name}": must be no more than 63 characters`,
                field: 'metadata.name',
              },
            ],
          },
        ),
      );
    });

    it('rejects a namespace name with a dot (a label, not a subdomain)', async () => {
      const status = await statusOf(
        clients.core.createNamespace({ body: { metadata: { name: 'a.b' } } }),
      );
      expect(status.details.causes).toEqual([
        expect.objectContaining({
          field: 'metadata.name',
          message: expect.stringContaining('a lowercase RFC 1123 label'),
        }),
      ]);
    });

    it('rejects a Deployment without a selector', async () => {
      const body = deployment('payment');
      delete body.spec.selector;
      expect(
        await statusOf(
          clients.apps.createNamespacedDeployment({ namespace, body }),
        ),
      ).toEqual(
        failure(
          422,
          'Invalid',
          'Deployment.apps "payment" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"payment"}: `selector` does not match template `labels`]',
          {
            name: 'payment',
            group: 'apps',
            kind: 'Deployment',
            causes: [
              {
                reason: 'FieldValueRequired',
                message: 'Required value',
                field: 'spec.selector',
              },
              {
                reason: 'FieldValueInvalid',
                message:
                  'Invalid value: map[string]string{"app":"payment"}: `selector` does not match template `labels`',
                field: 'spec.template.metadata.labels',
              },
            ],
          },
        ),
      );
    });

    it('rejects a Deployment whose selector does not match its template labels', async () => {
      const body = deployment('payment');
      body.spec.template.metadata.labels = { app: 'payment', version: 'v1' };
      body.spec.selector.matchLabels = { app: 'pay' };
      const status = await statusOf(
        clients.apps.createNamespacedDeployment({ namespace, body }),
      );
      expect(status.details.causes).toEqual([
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: map[string]string{"app":"payment", "version":"v1"}: `selector` does not match template `labels`',
          field: 'spec.template.metadata.labels',
        },
      ]);
    });

    it('rejects a missing required field of a container', async () => {
      const body = deployment('payment');
      delete body.spec.template.spec.containers[0].image;
      const status = await statusOf(
        clients.apps.createNamespacedDeployment({ namespace, body }),
      );
      expect(status).toMatchObject({ httpCode: 422, reason: 'Invalid' });
      expect(status.details.causes).toEqual([
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.template.spec.containers[0].image',
        },
      ]);
    });

    it('rejects a change of the immutable selector of a Deployment', async () => {
      const changed = deployment('orders', namespace, {
        app: 'orders',
        version: 'v2',
      });
      const status = await statusOf(
        clients.apps.replaceNamespacedDeployment({
          name: 'orders',
          namespace,
          body: changed,
        }),
      );
      expect(status).toMatchObject({
        httpCode: 422,
        reason: 'Invalid',
        message:
          'Deployment.apps "orders" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"orders", "version":"v2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
        details: {
          name: 'orders',
          group: 'apps',
          kind: 'Deployment',
          causes: [
            expect.objectContaining({
              reason: 'FieldValueInvalid',
              field: 'spec.selector',
            }),
          ],
        },
      });
    });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await rawRequest(
      sandbox,
      `/api/v1/namespaces/${namespace}/configmaps`,
      {
        method: 'POST',
        token: sandbox.tokens.write,
        headers: { 'Content-Type': 'application/json' },
        body: undefined,
      },
    );
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
    });
  });

  it('stops serving a custom kind once its CRD is deleted', async () => {
    await clients.objects.delete({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'virtualservices.networking.istio.io' },
    });
    expect(
      await statusOf(
        clients.custom.getNamespacedCustomObject({
          ...vsCoordinates,
          name: 'front-end',
        }),
      ),
    ).toEqual(unknownResource);
    const groupVersion = await rawRequest(
      sandbox,
      '/apis/networking.istio.io/v1beta1',
    );
    expect(
      groupVersion.json.resources.map((r: { name: string }) => r.name),
    ).not.toContain('virtualservices');
    await expect(
      clients.objects.read({
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name: 'front-end', namespace },
      }),
    ).rejects.toThrow(
      'Unrecognized API version and kind: networking.istio.io/v1beta1 VirtualService',
    );
  });
});
