import { HealthState } from '../meshStatus';

/**
 * Kiali's `workloadStatus`: replicas of a workload and its synced proxies (-1: no sidecar, or a gateway).
 *
 * @public
 */
export interface KialiWorkloadStatus {
  name?: string;
  desiredReplicas: number;
  currentReplicas: number;
  availableReplicas: number;
  syncedProxies: number;
}

const pods = (n: number) => `${n} pod${n === 1 ? '' : 's'}`;

/**
 * Kiali's pod status of a workload (its UI's ratioCheck), with the reason in words.
 *
 * @public
 */
export function podHealth(ws: KialiWorkloadStatus): {
  status: HealthState;
  reason: string;
} {
  const desired = ws.desiredReplicas;
  const current = ws.currentReplicas;
  const available = ws.availableReplicas;
  const synced = ws.syncedProxies;
  const counts = `${available} of ${pods(desired)} available`;
  if (desired === 0) return { status: 'Not Ready', reason: 'scaled to 0 pods' };
  if (
    current > 0 &&
    available > 0 &&
    (current < desired || available < desired)
  )
    return { status: 'Degraded', reason: counts };
  if (available === 0) return { status: 'Failure', reason: counts };
  if (desired === available && available !== current)
    return {
      status: 'Failure',
      reason: `${pods(current)} for ${desired} desired (pods pending)`,
    };
  if (synced >= 0 && synced < desired)
    return {
      status: 'Degraded',
      reason: `${synced} of ${desired} proxies synced`,
    };
  if (desired === current && current === available)
    return { status: 'Healthy', reason: counts };
  return { status: 'Degraded', reason: `${counts}, ${current} current` };
}
