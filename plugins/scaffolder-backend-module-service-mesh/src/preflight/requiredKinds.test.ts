import { flavourKinds, requiredKinds } from './requiredKinds';

const names = (kinds: { kind: string; apiVersion: string }[]) =>
  kinds.map(k => `${k.kind} (${k.apiVersion.split('/')[0]})`);

describe('the kinds a run needs', () => {
  it('are those of its steps, each once', () => {
    expect(
      names(
        requiredKinds([
          {
            action: 'servicemesh:istio:apply',
            input: { dataplane: 'sidecar' },
          },
          { action: 'servicemesh:members:label', input: {} },
          { action: 'servicemesh:canary:services', input: {} },
          { action: 'servicemesh:catalog:register', input: {} },
        ]),
      ),
    ).toEqual([
      'Istio (sailoperator.io)',
      'IstioRevision (sailoperator.io)',
      'HTTPRoute (gateway.networking.k8s.io)',
    ]);
  });

  it('follow the input: the CNI, ztunnel, the default tag, the route a shift changes', () => {
    expect(
      names(
        requiredKinds([
          { action: 'servicemesh:istio:apply', input: { cni: true } },
          {
            action: 'servicemesh:members:label',
            input: { injection: 'default-tag' },
          },
          { action: 'servicemesh:traffic:shift', input: { httpRoute: 'web' } },
        ]),
      ),
    ).toEqual([
      'Istio (sailoperator.io)',
      'IstioRevision (sailoperator.io)',
      'IstioCNI (sailoperator.io)',
      'IstioRevisionTag (sailoperator.io)',
      'HTTPRoute (gateway.networking.k8s.io)',
    ]);
  });

  it('of a flavour without its steps: no Maistra for sail, no Sail for maistra', () => {
    const maistra = names(flavourKinds('maistra', 'sidecar'));
    expect(maistra).toContain('ServiceMeshControlPlane (maistra.io)');
    expect(maistra.some(k => k.includes('sailoperator.io'))).toBe(false);
    const ambient = names(flavourKinds('sail', 'ambient'));
    expect(ambient).toEqual([
      'Istio (sailoperator.io)',
      'IstioRevision (sailoperator.io)',
      'IstioCNI (sailoperator.io)',
      'ZTunnel (sailoperator.io)',
      'Gateway (gateway.networking.k8s.io)',
      'HTTPRoute (gateway.networking.k8s.io)',
      'DestinationRule (networking.istio.io)',
    ]);
    expect(names(flavourKinds('sail', 'sidecar'))).not.toContain(
      'ZTunnel (sailoperator.io)',
    );
  });
});
