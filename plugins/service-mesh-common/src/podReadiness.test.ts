import { hasSidecar, isPodReady, PodObject } from './podReadiness';

const pod = (phase: string, ready: string, sidecar: boolean): PodObject => ({
  metadata: {
    annotations: sidecar ? { 'sidecar.istio.io/status': '{}' } : {},
  },
  spec: {
    containers: [
      { name: 'web' },
      ...(sidecar ? [{ name: 'istio-proxy' }] : []),
    ],
  },
  status: { phase, conditions: [{ type: 'Ready', status: ready }] },
});

describe('pod readiness', () => {
  it('is Running with Ready True', () => {
    expect(isPodReady(pod('Running', 'True', false))).toBe(true);
    expect(isPodReady(pod('Running', 'False', true))).toBe(false);
    expect(isPodReady(pod('Pending', 'True', true))).toBe(false);
  });

  it('counts a sidecar only with the injector annotation and istio-proxy', () => {
    expect(hasSidecar(pod('Running', 'True', true))).toBe(true);
    const annotatedOnly = pod('Running', 'True', true);
    annotatedOnly.spec = { containers: [{ name: 'web' }] };
    expect(hasSidecar(annotatedOnly)).toBe(false);
    expect(hasSidecar(pod('Running', 'True', false))).toBe(false);
  });
});
