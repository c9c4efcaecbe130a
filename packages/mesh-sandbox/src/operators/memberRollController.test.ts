import * as k8s from '@kubernetes/client-node';
import { Sandbox } from '../sandbox';
import { clientsFor } from '../__testUtils__/clients';
import { eventually } from '../__testUtils__/eventually';
import {
  guideControlPlane,
  maistra,
  memberRollBody,
  startMeshSandbox,
} from './__testUtils__/meshSandbox';

const controlPlane = 'user1-istio-system';
const sockshop = 'user1-sockshop';

describe('ServiceMeshMemberRoll', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    ({ sandbox, clients } = await startMeshSandbox([
      controlPlane,
      sockshop,
      'user1-other',
    ]));
  });
  afterAll(() => sandbox.stop());

  const readRoll = (name = 'default') =>
    clients.custom.getNamespacedCustomObject({
      ...maistra('servicemeshmemberrolls'),
      namespace: controlPlane,
      name,
    }) as Promise<any>;
  const policies = async (namespace: string) =>
    (
      await clients.kc
        .makeApiClient(k8s.NetworkingV1Api)
        .listNamespacedNetworkPolicy({ namespace })
    ).items;
  const memberOf = async (namespace: string) =>
    (await clients.core.readNamespace({ name: namespace })).metadata!.labels?.[
      'maistra.io/member-of'
    ];

  it('keeps members pending until the control plane is ready', async () => {
    await clients.custom.createNamespacedCustomObject({
      ...maistra('servicemeshmemberrolls'),
      namespace: controlPlane,
      body: memberRollBody([sockshop]),
    });
    await sandbox.settle();
    await eventually(async () => {
      const roll = await readRoll();
      expect(roll.status).toMatchObject({
        members: [sockshop],
        configuredMembers: [],
        pendingMembers: [sockshop],
      });
      expect(roll.status.conditions[0]).toMatchObject({
        type: 'Ready',
        status: 'False',
        reason: 'ErrSMCPMissing',
      });
    });
    expect(await memberOf(sockshop)).toBeUndefined();
  });

  it('configures members once the control plane is ready: label and NetworkPolicies', async () => {
    await clients.custom.createNamespacedCustomObject({
      ...maistra('servicemeshcontrolplanes'),
      namespace: controlPlane,
      body: guideControlPlane,
    });
    await sandbox.settle();

    await eventually(async () => {
      const roll = await readRoll();
      expect(roll.status).toMatchObject({
        members: [sockshop],
        configuredMembers: [sockshop],
        pendingMembers: [],
        annotations: { configuredMemberCount: '1/1' },
      });
      expect(roll.status.conditions[0]).toMatchObject({
        type: 'Ready',
        status: 'True',
        reason: 'Configured',
      });
    });
    expect(await memberOf(sockshop)).toBe(controlPlane);

    const byName = Object.fromEntries(
      (await policies(sockshop)).map(p => [p.metadata!.name, p.spec]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'istio-expose-route',
      'istio-mesh',
    ]);
    expect(byName['istio-mesh']!.podSelector).toEqual({});
    expect(
      byName['istio-mesh']!.ingress![0]._from![0].namespaceSelector,
    ).toEqual({ matchLabels: { 'maistra.io/member-of': controlPlane } });
    expect(byName['istio-expose-route']!.podSelector).toEqual({
      matchLabels: { 'maistra.io/expose-route': 'true' },
    });
  });

  it('puts a namespace that does not exist yet in pendingMembers', async () => {
    const roll = await readRoll();
    await clients.custom.replaceNamespacedCustomObject({
      ...maistra('servicemeshmemberrolls'),
      namespace: controlPlane,
      name: 'default',
      body: { ...roll, spec: { members: [sockshop, 'user1-later'] } },
    });
    await eventually(async () =>
      expect((await readRoll()).status).toMatchObject({
        configuredMembers: [sockshop],
        pendingMembers: ['user1-later'],
        annotations: { configuredMemberCount: '1/2' },
      }),
    );

    await clients.core.createNamespace({
      body: { metadata: { name: 'user1-later' } },
    });
    await eventually(async () =>
      expect((await readRoll()).status).toMatchObject({
        configuredMembers: [sockshop, 'user1-later'],
        pendingMembers: [],
      }),
    );
  });

  it('undoes the membership of a removed member and of all when the roll is deleted', async () => {
    const roll = await readRoll();
    await clients.custom.replaceNamespacedCustomObject({
      ...maistra('servicemeshmemberrolls'),
      namespace: controlPlane,
      name: 'default',
      body: { ...roll, spec: { members: ['user1-later'] } },
    });
    await eventually(async () => {
      expect(await memberOf(sockshop)).toBeUndefined();
      expect(await policies(sockshop)).toHaveLength(0);
      expect(await memberOf('user1-later')).toBe(controlPlane);
    });

    await clients.custom.deleteNamespacedCustomObject({
      ...maistra('servicemeshmemberrolls'),
      namespace: controlPlane,
      name: 'default',
    });
    await eventually(async () => {
      expect(await memberOf('user1-later')).toBeUndefined();
      expect(await policies('user1-later')).toHaveLength(0);
    });
    // The control plane's own namespace stays in its mesh.
    expect(await memberOf(controlPlane)).toBe(controlPlane);
  });

  it('rejects a roll not named default', async () => {
    await clients.custom.createNamespacedCustomObject({
      ...maistra('servicemeshmemberrolls'),
      namespace: controlPlane,
      body: memberRollBody(['user1-other'], 'mine'),
    });
    await eventually(async () =>
      expect((await readRoll('mine')).status?.conditions?.[0]).toMatchObject({
        type: 'Ready',
        status: 'False',
        reason: 'ErrInvalidName',
      }),
    );
    expect(await memberOf('user1-other')).toBeUndefined();
  });

  it('adds the namespace of a ServiceMeshMember, creating the roll', async () => {
    await clients.custom.createNamespacedCustomObject({
      ...maistra('servicemeshmembers'),
      namespace: 'user1-other',
      body: {
        apiVersion: 'maistra.io/v1',
        kind: 'ServiceMeshMember',
        metadata: { name: 'default' },
        spec: {
          controlPlaneRef: { name: 'basic-install', namespace: controlPlane },
        },
      },
    });
    await eventually(async () =>
      expect((await readRoll()).status).toMatchObject({
        members: ['user1-other'],
        configuredMembers: ['user1-other'],
      }),
    );
    const member: any = await eventually(async () => {
      const read: any = await clients.custom.getNamespacedCustomObject({
        ...maistra('servicemeshmembers'),
        namespace: 'user1-other',
        name: 'default',
      });
      expect(read.status?.annotations).toBeDefined();
      return read;
    });
    expect(member.status.annotations.controlPlaneRef).toBe(
      `${controlPlane}/basic-install`,
    );
    expect(member.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', status: 'True' }),
      ]),
    );
  });
});
