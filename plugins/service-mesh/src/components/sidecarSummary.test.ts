import { workload } from '../__fixtures__/meshStatus';
import { sidecarLabel, summarizeSidecars } from './sidecarSummary';

describe('sidecar summary of a service', () => {
  it('adds up the pods of all workloads', () => {
    const summary = summarizeSidecars([
      workload('front-end', { replicas: 2, readyPods: 2, podsWithSidecar: 2 }),
      workload('front-end-v2', { version: 'v2' }),
    ])!;
    expect(summary).toEqual({
      state: 'injected',
      podsWithSidecar: 3,
      readyPods: 3,
    });
    expect(sidecarLabel(summary)).toBe('3/3 pods with sidecar');
  });

  it.each([
    [['missing', 'missing'], 'missing (0/2 pods with sidecar)'],
    [['injected', 'missing'], 'partial (1/2 pods with sidecar)'],
    [['injected', 'partial'], 'partial (1/2 pods with sidecar)'],
    [['injected', 'pending'], 'pending (1/2 pods with sidecar)'],
    [['not-in-mesh', 'not-in-mesh'], 'not in mesh'],
  ] as const)('reads %j as "%s"', (states, label) => {
    const workloads = states.map((sidecar, i) =>
      workload(`w${i}`, {
        sidecar,
        podsWithSidecar: sidecar === 'injected' ? 1 : 0,
      }),
    );
    expect(sidecarLabel(summarizeSidecars(workloads)!)).toBe(label);
  });

  it('reads ambient workloads as in the mesh through ztunnel, naming the waypoint', () => {
    const ambient = (name: string, waypoint?: string) =>
      workload(name, {
        sidecar: 'missing',
        podsWithSidecar: 0,
        dataplane: 'ambient',
        ...(waypoint ? { waypoint } : {}),
      });
    expect(
      sidecarLabel(summarizeSidecars([ambient('web'), ambient('web-v2')])!),
    ).toBe('ambient, no waypoint (2 pods)');
    expect(sidecarLabel(summarizeSidecars([ambient('web', 'waypoint')])!)).toBe(
      'ambient, waypoint waypoint (1 pod)',
    );
    // one sidecar workload among ambient ones: the sidecar reading
    expect(
      summarizeSidecars([ambient('web'), workload('web-v2', {})])!.ambient,
    ).toBeUndefined();
  });

  it('has nothing to say about a service without workloads', () => {
    expect(summarizeSidecars([])).toBeUndefined();
  });
});
