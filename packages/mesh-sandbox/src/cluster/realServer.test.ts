import * as k8s from '@kubernetes/client-node';
import { kinds } from '../client/kinds';
import { Sandbox, startSandbox } from '../sandbox';
import { clientsFor, statusOf } from '../__testUtils__/clients';

const ns = 'user1-sockshop';

/**
 * What the real API server does that the old imitation did not: the upstream
 * CRDs' CEL rules, Istio's relative weights, namespaces that stay Terminating.
 */
describe('the local cluster is a real Kubernetes API server', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: async ({ client }) => {
        await client.create(kinds.namespaces, { metadata: { name: ns } });
      },
    });
  });
  afterAll(() => sandbox?.stop());

  const httpRoute = (backendRef: Record<string, unknown>) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'front-end', namespace: ns },
    spec: {
      parentRefs: [{ name: 'mesh-gateway' }],
      rules: [{ backendRefs: [backendRef] }],
    },
  });

  it("rejects an HTTPRoute that breaks a CEL rule of the Gateway API's CRD, and takes a valid one", async () => {
    // The portal's account may not write HTTPRoutes (yet): an admin's request shows the CRD's rule.
    const { objects } = clientsFor(sandbox, 'admin');
    const refused = await statusOf(
      objects.create(httpRoute({ name: 'front-end', weight: 80 })),
    );
    expect(refused).toMatchObject({
      httpCode: 422,
      reason: 'Invalid',
      message: expect.stringContaining('Must have port for Service reference'),
    });
    const created = await objects.create(
      httpRoute({ name: 'front-end', port: 80, weight: 80 }),
    );
    expect((created as any).metadata?.uid).toBeTruthy();
  });

  it('takes VirtualService weights that do not sum to 100, as Istio has since 1.15 (the sum rule is the plugins’)', async () => {
    const { custom } = clientsFor(sandbox);
    const created: any = await custom.createNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace: ns,
      plural: 'virtualservices',
      body: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'front-end' },
        spec: {
          hosts: ['front-end'],
          http: [
            {
              route: [
                {
                  destination: { host: 'front-end', subset: 'v1' },
                  weight: 60,
                },
                {
                  destination: { host: 'front-end', subset: 'v2' },
                  weight: 30,
                },
              ],
            },
          ],
        },
      },
    });
    expect(created.spec.http[0].route.map((r: any) => r.weight)).toEqual([
      60, 30,
    ]);
  });

  it('keeps a deleted namespace Terminating until its pods are gone, then removes it', async () => {
    const { core } = clientsFor(sandbox, 'admin');
    await core.createNamespace({ body: { metadata: { name: 'short-lived' } } });
    await sandbox.client.create(kinds.pods, {
      metadata: { name: 'app', namespace: 'short-lived' },
      spec: { containers: [{ name: 'app', image: 'quay.io/example/app:1' }] },
    });
    await core.deleteNamespace({ name: 'short-lived' });
    const seen = new Set<string>();
    const deadline = Date.now() + 90_000;
    for (;;) {
      const status = await core
        .readNamespace({ name: 'short-lived' })
        .then(n => n.status?.phase ?? 'Active')
        .catch(() => 'gone');
      seen.add(status);
      if (status === 'gone' || Date.now() > deadline) break;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    expect([...seen]).toEqual(['Terminating', 'gone']);
  });

  it('answers a conflicting server-side apply with the field and the manager that owns it', async () => {
    const { custom } = clientsFor(sandbox);
    const vs = (weights: number[], fieldManager: string, force = false) =>
      custom.patchNamespacedCustomObject(
        {
          group: 'networking.istio.io',
          version: 'v1',
          namespace: ns,
          plural: 'virtualservices',
          name: 'front-end',
          body: {
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            metadata: { name: 'front-end', namespace: ns },
            spec: {
              hosts: ['front-end'],
              http: [
                {
                  route: weights.map((weight, i) => ({
                    destination: { host: 'front-end', subset: `v${i + 1}` },
                    weight,
                  })),
                },
              ],
            },
          },
          fieldManager,
          force,
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
      );
    await vs([80, 20], 'argocd-controller', true);
    expect(
      await statusOf(vs([50, 50], 'backstage-service-mesh')),
    ).toMatchObject({
      httpCode: 409,
      reason: 'Conflict',
      details: {
        causes: [
          expect.objectContaining({
            reason: 'FieldManagerConflict',
            field: '.spec.http',
            message: expect.stringContaining(
              'conflict with "argocd-controller"',
            ),
          }),
        ],
      },
    });
  });
});
