import * as k8s from '@kubernetes/client-node';
import { Sandbox } from '../sandbox';
import { clientsFor, statusOf } from '../__testUtils__/clients';
import {
  startSeededSandbox,
  virtualService,
  vsCoordinates,
} from './__testUtils__/cluster';

const applyHeader = k8s.setHeaderOptions(
  'Content-Type',
  k8s.PatchStrategy.ServerSideApply,
);

const canary = (weight: number) => ({
  http: [
    {
      route: [
        { destination: { host: 'front-end', subset: 'v1' }, weight },
        {
          destination: { host: 'front-end', subset: 'v2' },
          weight: 100 - weight,
        },
      ],
    },
  ],
});

describe('server-side apply with client-node', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    sandbox = await startSeededSandbox();
    clients = clientsFor(sandbox);
  });
  afterAll(() => sandbox.stop());

  const apply = (
    spec: Record<string, unknown>,
    manager: string,
    force = false,
  ) =>
    clients.objects.patch(
      virtualService('front-end', spec),
      undefined,
      undefined,
      manager,
      force,
      k8s.PatchStrategy.ServerSideApply,
    ) as Promise<any>;

  it('creates an object and records the manager in managedFields', async () => {
    const created = await apply(canary(100), 'backstage');
    expect(created.metadata.uid).toBeTruthy();
    expect(created.metadata.generation).toBe(1);
    expect(created.spec.http[0].route[0].weight).toBe(100);
    expect(created.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'backstage',
        operation: 'Apply',
        apiVersion: 'networking.istio.io/v1beta1',
        fieldsType: 'FieldsV1',
        fieldsV1: expect.objectContaining({
          'f:spec': expect.objectContaining({ 'f:http': {} }),
        }),
      }),
    ]);
  });

  it('changes nothing when the same configuration is applied again', async () => {
    const before: any = await clients.custom.getNamespacedCustomObject({
      ...vsCoordinates,
      name: 'front-end',
    });
    const again = await apply(canary(100), 'backstage');
    expect(again.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect(again.metadata.generation).toBe(1);
  });

  it('changes nothing on a repeated apply after another manager changed another field', async () => {
    await clients.custom.patchNamespacedCustomObject(
      {
        ...vsCoordinates,
        name: 'front-end',
        body: { metadata: { annotations: { 'example.com/note': 'kept' } } },
        fieldManager: 'annotator',
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const before: any = await clients.custom.getNamespacedCustomObject({
      ...vsCoordinates,
      name: 'front-end',
    });
    const again = await apply(canary(100), 'backstage');
    expect(again.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect(again.metadata.managedFields.map((m: any) => m.manager)).toEqual(
      before.metadata.managedFields.map((m: any) => m.manager),
    );
  });

  it('fails with a FieldManagerConflict on a field another manager set to another value', async () => {
    await clients.custom.patchNamespacedCustomObject(
      {
        ...vsCoordinates,
        name: 'front-end',
        body: { spec: canary(90) },
        fieldManager: 'kubectl-client-side-apply',
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const status = await statusOf(
      clients.custom.patchNamespacedCustomObject(
        {
          ...vsCoordinates,
          name: 'front-end',
          body: virtualService('front-end', canary(80)),
          fieldManager: 'backstage',
        },
        applyHeader,
      ),
    );
    expect(status).toMatchObject({
      httpCode: 409,
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      message:
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using networking.istio.io/v1beta1: .spec.http',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message:
              'conflict with "kubectl-client-side-apply" using networking.istio.io/v1beta1',
            field: '.spec.http',
          },
        ],
      },
      code: 409,
    });
  });

  it('takes ownership of the conflicting field with force=true', async () => {
    const forced = await apply(canary(80), 'backstage', true);
    expect(forced.spec.http[0].route[0].weight).toBe(80);
    const owners = forced.metadata.managedFields.filter(
      (e: any) => e.fieldsV1['f:spec']?.['f:http'],
    );
    expect(owners.map((e: any) => [e.manager, e.operation])).toEqual([
      ['backstage', 'Apply'],
    ]);
    expect(forced.metadata.generation).toBeGreaterThan(1);
  });

  it('removes a field the manager stops applying', async () => {
    await apply({ ...canary(80), gateways: ['sockshop-gateway'] }, 'backstage');
    const without = await apply(canary(80), 'backstage');
    expect(without.spec.gateways).toBeUndefined();
  });

  it('requires a fieldManager', async () => {
    const status = await statusOf(
      clients.custom.patchNamespacedCustomObject(
        {
          ...vsCoordinates,
          name: 'front-end',
          body: virtualService('front-end'),
        },
        applyHeader,
      ),
    );
    expect(status).toMatchObject({ httpCode: 400, reason: 'BadRequest' });
  });
});
