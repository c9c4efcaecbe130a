import {
  SidecarState,
  WorkloadStatus,
} from '@service-mesh/plugin-service-mesh-common';

export interface SidecarSummary {
  state: SidecarState;
  podsWithSidecar: number;
  readyPods: number;
  /** Every workload runs in ambient mode (ztunnel, no sidecar by design); the waypoint when one is named. */
  ambient?: { waypoint?: string };
}

/** One sidecar state for all workloads of a service; mixed states read as partial. */
export function summarizeSidecars(
  workloads: WorkloadStatus[],
): SidecarSummary | undefined {
  if (workloads.length === 0) return undefined;
  if (workloads.every(w => w.dataplane === 'ambient')) {
    const waypoint = workloads.find(w => w.waypoint)?.waypoint;
    return {
      state: 'injected',
      podsWithSidecar: 0,
      readyPods: workloads.reduce((sum, w) => sum + w.readyPods, 0),
      ambient: waypoint ? { waypoint } : {},
    };
  }
  const states = new Set(workloads.map(w => w.sidecar));
  let state: SidecarState;
  if (states.size === 1) state = workloads[0].sidecar;
  else if (states.has('not-in-mesh')) state = 'not-in-mesh';
  else if (states.has('missing') || states.has('partial')) state = 'partial';
  else state = 'pending';
  return {
    state,
    podsWithSidecar: workloads.reduce((sum, w) => sum + w.podsWithSidecar, 0),
    readyPods: workloads.reduce((sum, w) => sum + w.readyPods, 0),
  };
}

/** What the chip says, e.g. `2/2 pods with sidecar` or `missing (0/2 pods)`. */
export function sidecarLabel(summary: SidecarSummary): string {
  if (summary.ambient) {
    const pods = `${summary.readyPods} pod${
      summary.readyPods === 1 ? '' : 's'
    }`;
    return summary.ambient.waypoint
      ? `ambient, waypoint ${summary.ambient.waypoint} (${pods})`
      : `ambient, no waypoint (${pods})`;
  }
  const pods = `${summary.podsWithSidecar}/${summary.readyPods} pods`;
  switch (summary.state) {
    case 'injected':
      return `${pods} with sidecar`;
    case 'not-in-mesh':
      return 'not in mesh';
    default:
      return `${summary.state} (${pods} with sidecar)`;
  }
}
