import { KubeObject } from '../status/kubeObjects';
import { sailIstio } from '../status/__fixtures__/ambientNamespace';
import { controlPlaneStatus, membershipOf } from '../status/controlPlane';
import { ControlPlaneSource, resolveControlPlane } from './meshReader';
import { SailObjects } from './revisionResolution';

const namespace = (labels: Record<string, string>): KubeObject => ({
  metadata: { name: 'shop', labels },
});

const istiod = (name: string, labels: Record<string, string> = {}) => ({
  metadata: {
    name,
    namespace: 'istio-system',
    labels: { app: 'istiod', ...labels },
  },
  spec: {
    replicas: 1,
    template: {
      spec: { containers: [{ image: 'docker.io/istio/pilot:1.30.3' }] },
    },
  },
  status: {
    readyReplicas: 1,
    conditions: [{ type: 'Available', status: 'True' }],
  },
});

function source(
  sail: Partial<SailObjects> = {},
  deployments: KubeObject[] = [],
): ControlPlaneSource {
  return {
    memberRolls: async () => [],
    maistra: async () => ({ controlPlanes: [], routes: [] }),
    istioDeployments: async () => deployments,
    sail: async () => ({
      istios: [],
      istioRevisions: [],
      istioRevisionTags: [],
      ...sail,
    }),
  };
}

const revisionBased = sailIstio('Healthy', 'shop-mesh');
revisionBased.status.activeRevisionName = 'shop-mesh-v1-30-3';
const revisionOf = (name: string, istio: string): KubeObject => ({
  metadata: {
    name,
    ownerReferences: [{ kind: 'Istio', name: istio, uid: 'u' }],
  },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

describe('resolveControlPlane for OSSM 3 / Sail and upstream Istio', () => {
  it('resolves istio-injection=enabled to the Istio of the default revision', async () => {
    const resolved = await resolveControlPlane(
      'shop',
      namespace({ 'istio-injection': 'enabled' }),
      source({ istios: [sailIstio()] }),
    );
    expect(resolved).toMatchObject({
      flavour: 'sail',
      revision: 'default',
      object: { metadata: { name: 'default' } },
    });
  });

  it('resolves istio.io/rev to the Istio owning the IstioRevision of that name', async () => {
    const resolved = await resolveControlPlane(
      'shop',
      namespace({ 'istio.io/rev': 'shop-mesh-v1-30-3' }),
      source({
        istios: [revisionBased],
        istioRevisions: [revisionOf('shop-mesh-v1-30-3', 'shop-mesh')],
      }),
    );
    expect(resolved).toMatchObject({
      flavour: 'sail',
      revision: 'shop-mesh-v1-30-3',
      object: { metadata: { name: 'shop-mesh' } },
    });
  });

  it('resolves a revision tag (the default tag) to its target', async () => {
    const resolved = await resolveControlPlane(
      'shop',
      namespace({ 'istio-injection': 'enabled' }),
      source({
        istios: [revisionBased],
        istioRevisionTags: [
          {
            metadata: { name: 'default' },
            spec: { targetRef: { kind: 'Istio', name: 'shop-mesh' } },
          },
        ],
      }),
    );
    expect(resolved).toMatchObject({
      flavour: 'sail',
      revision: 'shop-mesh-v1-30-3',
      object: { metadata: { name: 'shop-mesh' } },
    });
  });

  it('reports an IstioRevision without an Istio by its Ready condition', async () => {
    const resolved = await resolveControlPlane(
      'shop',
      namespace({ 'istio.io/rev': 'canary' }),
      source({ istioRevisions: [revisionOf('canary', 'gone')] }),
    );
    expect(controlPlaneStatus(resolved!)).toMatchObject({
      flavour: 'sail',
      name: 'canary',
      revision: 'canary',
      ready: true,
    });
  });

  it('falls back to upstream istiod without Sail, by revision', async () => {
    const deployments = [
      istiod('istiod'),
      istiod('istiod-canary', { 'istio.io/rev': 'canary' }),
    ];
    const plain = await resolveControlPlane(
      'shop',
      namespace({ 'istio-injection': 'enabled' }),
      source({}, deployments),
    );
    expect(plain).toMatchObject({
      flavour: 'istio',
      object: { metadata: { name: 'istiod' } },
    });
    expect(plain?.revision).toBeUndefined();
    const canary = await resolveControlPlane(
      'shop',
      namespace({ 'istio.io/rev': 'canary' }),
      source({}, deployments),
    );
    expect(controlPlaneStatus(canary!)).toMatchObject({
      flavour: 'istio',
      name: 'istiod-canary',
      revision: 'canary',
      version: '1.30.3',
      ready: true,
    });
  });

  it('finds nothing for a revision that neither Sail nor istiod serves', async () => {
    const resolved = await resolveControlPlane(
      'shop',
      namespace({ 'istio.io/rev': 'canary' }),
      source({ istios: [sailIstio()] }, [istiod('istiod')]),
    );
    expect(resolved).toBeUndefined();
    expect(
      membershipOf('shop', namespace({ 'istio.io/rev': 'canary' })),
    ).toEqual({
      namespace: 'shop',
      member: true,
      via: 'istio-injection-label',
      revision: 'canary',
    });
  });

  it('keeps a Maistra member on its SMCP even with OSSM 3 labels, and says so', async () => {
    const labels = {
      'maistra.io/member-of': 'istio-system-2',
      'istio.io/rev': 'default',
    };
    const smcp = {
      metadata: { name: 'basic', namespace: 'istio-system-2' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const resolved = await resolveControlPlane('shop', namespace(labels), {
      ...source({ istios: [sailIstio()] }),
      maistra: async () => ({ controlPlanes: [smcp], routes: [] }),
    });
    expect(resolved?.flavour).toBe('maistra');
    expect(membershipOf('shop', namespace(labels), resolved)).toEqual({
      namespace: 'shop',
      member: true,
      controlPlaneNamespace: 'istio-system-2',
      via: 'member-of-label',
      revision: 'default',
    });
  });
});
