import { deliveryOwnerOf, deliveryStatusOf } from './externalDelivery';

const virtualService = (ownerReferences?: unknown[]) => ({
  metadata: { name: 'web', namespace: 'shop', ownerReferences },
});

describe('external progressive delivery', () => {
  it('finds the Flagger Canary that owns a VirtualService and reads its phase, weight and message', () => {
    const owner = deliveryOwnerOf(
      virtualService([
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', name: 'web' },
      ]),
      [],
    );
    expect(owner).toEqual({
      tool: 'flagger',
      kind: 'Canary',
      namespace: 'shop',
      name: 'web',
    });
    const canary = {
      metadata: { name: 'web' },
      status: {
        phase: 'Progressing',
        canaryWeight: 20,
        conditions: [
          {
            type: 'Promoted',
            status: 'Unknown',
            message: 'New revision detected, progressing canary analysis.',
          },
        ],
      },
    };
    expect(deliveryStatusOf(owner!, canary)).toEqual({
      ...owner,
      phase: 'Progressing',
      canaryWeight: 20,
      message: 'New revision detected, progressing canary analysis.',
    });
  });

  it('finds the Argo Rollout whose Istio traffic routing names the VirtualService', () => {
    const rollout = {
      metadata: { name: 'web-rollout' },
      spec: {
        strategy: {
          canary: {
            trafficRouting: {
              istio: { virtualService: { name: 'web', routes: ['primary'] } },
            },
          },
        },
      },
      status: {
        phase: 'Paused',
        message: 'CanaryPauseStep',
        canary: { weights: { canary: { weight: 40 } } },
      },
    };
    const owner = deliveryOwnerOf(virtualService(), [
      { metadata: { name: 'other' }, spec: {} },
      rollout,
    ]);
    expect(owner).toEqual({
      tool: 'argo-rollouts',
      kind: 'Rollout',
      namespace: 'shop',
      name: 'web-rollout',
    });
    expect(deliveryStatusOf(owner!, rollout)).toMatchObject({
      phase: 'Paused',
      canaryWeight: 40,
      message: 'CanaryPauseStep',
    });
  });

  it('finds no owner for a VirtualService nobody else manages, and shows an owner whose object is gone without figures', () => {
    expect(deliveryOwnerOf(virtualService(), [])).toBeUndefined();
    const owner = deliveryOwnerOf(
      virtualService([
        { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', name: 'web' },
      ]),
      [],
    )!;
    expect(deliveryStatusOf(owner, undefined)).toEqual(owner);
  });
});
