import { kinds } from '@internal/mesh-sandbox';
import { runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  stored,
  storedState,
  TestCluster,
  writesOf,
} from '../__testUtils__/testCluster';
import { createTrafficShiftAction } from './trafficShift';

describe('servicemesh:traffic:shift', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createTrafficShiftAction>;
  const input = {
    cluster: 'local',
    namespace: 'user1-sockshop',
    weights: { v1: 50, v2: 50 },
  };
  const weights = async () =>
    (
      await stored(
        cluster.sandbox,
        'networking.istio.io',
        'virtualservices',
        'user1-sockshop',
        'front-end-virtualservice',
      )
    )?.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight]);

  beforeAll(async () => {
    cluster = await startTestCluster();
    await runGuide(cluster.config, {});
    await cluster.sandbox.settle();
    action = createTrafficShiftAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run', async () => {
    const before = await storedState(cluster.sandbox);
    const { log } = await runAction(action, input, { dryRun: true });
    expect(await storedState(cluster.sandbox)).toEqual(before);
    expect(log).toContain(
      'would be configured (spec.http[0].route[0].weight, spec.http[0].route[1].weight)',
    );
  });

  it('sets the new weights', async () => {
    await runAction(action, input);
    expect(await weights()).toEqual([
      ['v1', 50],
      ['v2', 50],
    ]);
  });

  it('is unchanged on a second run', async () => {
    const { log } = await runAction(action, input);
    expect(log).toContain(
      'VirtualService user1-sockshop/front-end-virtualservice: unchanged',
    );
  });

  it('refuses subsets no DestinationRule defines, before writing', async () => {
    cluster.sandbox.stats.reset();
    await expect(
      runAction(action, { ...input, weights: { v1: 50, v3: 50 } }),
    ).rejects.toThrow(
      'weights names subsets that no DestinationRule for front-end.user1-sockshop.svc.cluster.local defines: v3',
    );
    expect(writesOf(cluster.sandbox)).toBe(0);
  });

  it('names a missing VirtualService', async () => {
    await expect(
      runAction(action, { ...input, virtualService: 'catalogue' }),
    ).rejects.toThrow(
      "virtualService 'catalogue' does not exist in namespace 'user1-sockshop'",
    );
  });

  it('names the verb and kind the read-only credentials may not do', async () => {
    await expect(
      runAction(action, { ...input, cluster: 'read-only' }),
    ).rejects.toThrow(
      "Not allowed to patch (server-side apply) VirtualService (virtualservices.networking.istio.io) in namespace 'user1-sockshop'",
    );
  });

  it('leaves weights another field manager owns alone and says whose they are', async () => {
    const vs = await cluster.sandbox.client.get(
      kinds.virtualServices,
      'user1-sockshop',
      'front-end-virtualservice',
    );
    const http = structuredClone(vs.spec.http);
    http[0].route[0].weight = 90;
    http[0].route[1].weight = 10;
    // a GitOps controller keeps the weights
    await cluster.sandbox.client.mergePatch(
      kinds.virtualServices,
      'user1-sockshop',
      'front-end-virtualservice',
      { spec: { http } },
      { fieldManager: 'argocd-controller' },
    );
    await expect(runAction(action, input)).rejects.toThrow(
      "VirtualService 'front-end-virtualservice' in namespace 'user1-sockshop' was not changed: spec.http is also managed by \"argocd-controller\"",
    );
    expect(await weights()).toEqual([
      ['v1', 90],
      ['v2', 10],
    ]);
  });

  // Last: the VirtualServices go with their CRD.
  it('names the missing operator when the cluster lacks the Istio CRDs', async () => {
    await cluster.sandbox.uninstallCrds([
      'virtualservices.networking.istio.io',
    ]);
    await expect(runAction(action, input)).rejects.toThrow(
      'The cluster does not know the kind VirtualService (networking.istio.io/v1beta1); install the Service Mesh control plane CRDs (networking.istio.io) first',
    );
  });
});
