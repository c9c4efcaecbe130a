import {
  MeshStatus,
  ServiceStatus,
  WorkloadStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { sockShopStatus } from './meshStatus';

/** A workload of an ambient namespace: no sidecar (by design), ztunnel carries it. */
function ambient(workload: WorkloadStatus, waypoint?: string): WorkloadStatus {
  const { proxyVersion: _, ...rest } = workload;
  return {
    ...rest,
    podsWithSidecar: 0,
    sidecar: 'missing',
    injectionRequested: false,
    dataplane: 'ambient',
    ...(waypoint ? { waypoint } : {}),
  };
}

/**
 * SockShop on OSSM 3 in ambient mode, as the backend answers it: every
 * workload ambient; carts behind a waypoint, so its requests are observed
 * (reporter `waypoint`); every other service without one, so only ztunnel's
 * L4 figures exist (catalogue: 7.25 connections/s, 18,560 bytes/s).
 */
export function ambientSockShopStatus(): MeshStatus {
  const status = sockShopStatus();
  const services = status.services.map((service): ServiceStatus => {
    if (service.name === 'carts')
      return {
        ...service,
        workloads: service.workloads.map(w => ambient(w, 'waypoint')),
      };
    const l4 =
      service.name === 'catalogue'
        ? { connectionRate: 7.25, byteRate: 18560 }
        : { connectionRate: 0.5, byteRate: 512 };
    return {
      ...service,
      workloads: service.workloads.map(w => ambient(w)),
      observed: { l4 },
      l4Only: true,
    };
  });
  return {
    ...status,
    membership: { ...status.membership, dataplaneMode: 'ambient' },
    services,
  };
}
