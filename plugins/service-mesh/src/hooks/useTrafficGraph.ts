import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  TrafficGraph,
  TrafficGraphWindow,
} from '@service-mesh/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../api';
import { meshEntityRef } from './useMeshStatus';
import { PollingState, usePolling } from './usePolling';

/** Every 15 s: a quarter of the shortest window, so the graph moves while it is watched. */
export const TRAFFIC_GRAPH_POLL_INTERVAL_MS = 15_000;

/**
 * The entity's traffic graph over the last `window`, refreshed every 15
 * seconds while the page is visible; a new window starts over.
 */
export function useTrafficGraph(
  entity: Entity,
  window: TrafficGraphWindow,
): PollingState<TrafficGraph> {
  const api = useApi(serviceMeshApiRef);
  const ref = meshEntityRef(entity);
  return usePolling(
    `${stringifyEntityRef(ref)} ${window}`,
    signal => api.getTrafficGraph(ref, { window, signal }),
    TRAFFIC_GRAPH_POLL_INTERVAL_MS,
  );
}
