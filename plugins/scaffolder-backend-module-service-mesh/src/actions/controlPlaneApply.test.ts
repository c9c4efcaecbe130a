import {
  startTestCluster,
  storedState,
  TestCluster,
} from '../__testUtils__/testCluster';
import { runAction } from '../__testUtils__/runAction';
import { createControlPlaneApplyAction } from './controlPlaneApply';

describe('servicemesh:controlplane:apply', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createControlPlaneApplyAction>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    action = createControlPlaneApplyAction(cluster);
  });
  afterAll(() => cluster.stop());
  beforeEach(() => cluster.sandbox.stats.reset());

  it('writes nothing in a dry run and says what it would create', async () => {
    const before = await storedState(cluster.sandbox);
    const { log } = await runAction(
      action,
      { cluster: 'local', user: 'user1' },
      { dryRun: true },
    );
    expect(await storedState(cluster.sandbox)).toEqual(before);
    expect(cluster.sandbox.stats.snapshot().byVerb.patch).toBe(2); // both sent with dryRun=All
    expect(log).toContain('Namespace user1-istio-system: would be created');
    expect(log).toContain(
      'ServiceMeshControlPlane user1-istio-system/basic-install: would be created',
    );
    expect(log).toContain('Would wait up to 600s');
  });

  it("creates the guide's control plane, waits until Ready and reports the addon URLs", async () => {
    const { log, outputs } = await runAction(action, {
      cluster: 'local',
      user: 'user1',
    });
    expect(log).toContain('Namespace user1-istio-system: created');
    expect(log).toContain(
      'ServiceMeshControlPlane user1-istio-system/basic-install: created',
    );
    expect(log).toMatch(/components ready/);
    expect(outputs).toMatchObject({
      namespace: 'user1-istio-system',
      name: 'basic-install',
      version: 'v1.1',
      kialiUrl: expect.stringMatching(/^https:\/\/kiali/),
      grafanaUrl: expect.stringMatching(/^https:\/\/grafana/),
      jaegerUrl: expect.stringMatching(/^https:\/\/jaeger/),
    });
  });

  it('reports every object unchanged on a second run', async () => {
    const { log } = await runAction(action, {
      cluster: 'local',
      user: 'user1',
    });
    expect(log).toContain('Namespace user1-istio-system: unchanged');
    expect(log).toContain(
      'ServiceMeshControlPlane user1-istio-system/basic-install: unchanged',
    );
  });

  it('says which verb on which kind the read-only credentials may not do', async () => {
    await expect(
      runAction(action, { cluster: 'read-only', user: 'user2' }),
    ).rejects.toThrow(/Not allowed to patch \(server-side apply\) Namespace/);
  });

  it('lists the configured clusters for an unknown one, before any request', async () => {
    await expect(
      runAction(action, { cluster: 'prod', user: 'user1' }),
    ).rejects.toThrow(
      "unknown cluster 'prod'; configured clusters: local, read-only",
    );
    expect(cluster.sandbox.stats.snapshot().total).toBe(0);
  });

  it('says what it waited for when the control plane is not Ready in time', async () => {
    // A cluster out of capacity: the control plane's pods stay Pending.
    await cluster.sandbox.setNodeSchedulable(false);
    try {
      await expect(
        runAction(action, {
          cluster: 'local',
          user: 'user2',
          timeoutSeconds: 1,
        }),
      ).rejects.toThrow(
        /^Timed out after 1s waiting for ServiceMeshControlPlane user2-istio-system\/basic-install to become Ready; last seen: /,
      );
    } finally {
      await cluster.sandbox.setNodeSchedulable(true);
    }
  });

  it('names the missing operator when the cluster lacks the maistra.io CRDs', async () => {
    await cluster.sandbox.uninstallCrds([
      'servicemeshcontrolplanes.maistra.io',
      'servicemeshmemberrolls.maistra.io',
      'servicemeshmembers.maistra.io',
    ]);
    try {
      await expect(
        runAction(action, {
          cluster: 'local',
          user: 'user1',
        }),
      ).rejects.toThrow(
        'The cluster does not know the kind ServiceMeshControlPlane (maistra.io/v1); install the OpenShift Service Mesh operator (maistra.io) first',
      );
    } finally {
      await cluster.sandbox.installCrds();
    }
  });
});
