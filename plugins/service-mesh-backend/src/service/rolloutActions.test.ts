import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  Sandbox,
  kinds,
  sandboxKubernetesConfig,
} from '@internal/mesh-sandbox';
import {
  MeshWriteAuthorizer,
  readClusters,
} from '@service-mesh/plugin-service-mesh-node';
import { readMeshSettings } from '../config/meshSettings';
import { startMeshedSandbox } from '../__testUtils__/meshedSandbox';
import { MeshStatusService } from './meshStatusService';
import { registerRolloutActions } from './rolloutActions';

jest.setTimeout(120_000);

const plan = {
  service: 'front-end',
  stable: { subset: 'v1', version: 'v1' },
  canary: { subset: 'v2', version: 'v2' },
  steps: [10, 50],
  bakeSeconds: 60,
  checks: {
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 500,
    minRequests: 20,
    interval: '1m',
    failedChecksThreshold: 2,
  },
};

describe('the rollout actions of the actions registry', () => {
  let sandbox: Sandbox;
  let statusService: MeshStatusService;
  const registry = actionsRegistryServiceMock();
  const auditor = mockServices.auditor.mock();
  auditor.createEvent.mockResolvedValue({
    success: jest.fn(),
    fail: jest.fn(),
  } as any);
  const credentials = mockCredentials.user('user:default/admin');
  const invoke = async (name: string, input: object): Promise<any> =>
    (
      await registry.invoke({
        id: `test:${name}`,
        input: input as any,
        credentials,
      })
    ).output;

  beforeAll(async () => {
    sandbox = await startMeshedSandbox();
    const config = new ConfigReader({
      kubernetes: sandboxKubernetesConfig(sandbox),
      serviceMesh: {
        clusters: [
          { name: 'local', prometheus: { url: 'http://127.0.0.1:9' } },
        ],
      },
    });
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: {
            name: 'sockshop',
            namespace: 'default',
            annotations: {
              'backstage.io/kubernetes-namespace': 'user1-sockshop',
            },
          },
          spec: { owner: 'team' },
        },
      ],
    });
    // no namespace locations: user1-sockshop has no owning System, and the caller is an admin
    catalog.getLocations = (async () => ({ items: [] })) as any;
    const clusters = readClusters(config);
    statusService = new MeshStatusService({
      catalog,
      clusters,
      settings: readMeshSettings(config),
      logger: mockServices.logger.mock(),
    });
    registerRolloutActions({
      actionsRegistry: registry,
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      rollouts: {
        statusService,
        clusters,
        hasPrometheus: () => true,
        authorizer: new MeshWriteAuthorizer({
          catalog,
          permissions: mockServices.permissions({
            result: AuthorizeResult.ALLOW,
          }),
          auth: mockServices.auth(),
          auditor,
        }),
      },
    });
  });
  afterAll(async () => {
    statusService?.stop();
    await sandbox?.stop();
  });

  it('are registered with their read-only and destructive attributes', () => {
    const attributes = Object.fromEntries(
      ['get', 'start', 'control'].map(verb => [
        verb,
        registry.actions.get(`test:${verb}-service-mesh-rollout`)?.attributes,
      ]),
    );
    expect(attributes).toEqual({
      get: { readOnly: true, idempotent: true },
      start: { readOnly: false, destructive: false, idempotent: false },
      control: { readOnly: false, destructive: true, idempotent: false },
    });
  });

  it('start a rollout, read it and abort it, as the tab does', async () => {
    const started = await invoke('start-service-mesh-rollout', {
      entityRef: 'system:default/sockshop',
      plan,
    });
    expect(started.rollout).toMatchObject({
      route: {
        kind: 'VirtualService',
        name: 'front-end-virtualservice',
        index: 0,
      },
      steps: [10, 50, 100],
      state: { phase: 'progressing', weight: 10 },
    });
    const read = await invoke('get-service-mesh-rollout', {
      entityRef: 'system:default/sockshop',
      service: 'front-end',
    });
    expect(read.rollout).toMatchObject({
      state: { phase: 'progressing', weight: 10 },
      timeline: [expect.objectContaining({ actor: 'user:default/admin' })],
    });
    const aborted = await invoke('control-service-mesh-rollout', {
      entityRef: 'system:default/sockshop',
      service: 'front-end',
      action: 'abort',
    });
    expect(aborted.rollout).toMatchObject({
      state: { phase: 'aborted', weight: 0 },
    });
    const live = await sandbox.client.get(
      kinds.virtualServices,
      'user1-sockshop',
      'front-end-virtualservice',
    );
    expect(
      live.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight]),
    ).toEqual([
      ['v1', 100],
      ['v2', 0],
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'rollout-abort',
        meta: expect.objectContaining({
          via: 'actions registry: control-service-mesh-rollout',
        }),
      }),
    );
  });

  it('refuse a bad plan naming the field', async () => {
    await expect(
      invoke('start-service-mesh-rollout', {
        entityRef: 'system:default/sockshop',
        plan: { ...plan, steps: [50, 10] },
      }),
    ).rejects.toThrow(
      'invalid rollout plan: steps[1] must be greater than steps[0] (50)',
    );
  });
});
