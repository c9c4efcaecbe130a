import { WorkloadStatus } from '@service-mesh/plugin-service-mesh-common';
import { l4OnlyOf } from './dataplane';

const workload = (
  name: string,
  plane: Pick<WorkloadStatus, 'dataplane' | 'waypoint'>,
): WorkloadStatus => ({
  name,
  kind: 'Deployment',
  labels: {},
  replicas: 1,
  readyPods: 1,
  podsWithSidecar: plane.dataplane === 'sidecar' ? 1 : 0,
  sidecar: plane.dataplane === 'sidecar' ? 'injected' : 'missing',
  injectionRequested: plane.dataplane === 'sidecar',
  ...plane,
});

describe('l4OnlyOf', () => {
  it('holds when every workload is ambient without a waypoint', () => {
    expect(
      l4OnlyOf([
        workload('web-v1', { dataplane: 'ambient' }),
        workload('web-v2', { dataplane: 'ambient' }),
      ]),
    ).toBe(true);
  });

  it('does not hold once a workload has a waypoint or a sidecar, nor without workloads', () => {
    expect(
      l4OnlyOf([
        workload('web-v1', { dataplane: 'ambient' }),
        workload('web-v2', { dataplane: 'ambient', waypoint: 'waypoint' }),
      ]),
    ).toBe(false);
    expect(
      l4OnlyOf([
        workload('web-v1', { dataplane: 'ambient' }),
        workload('web-v2', { dataplane: 'sidecar' }),
      ]),
    ).toBe(false);
    expect(l4OnlyOf([])).toBe(false);
  });
});
