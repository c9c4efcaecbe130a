import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { RequestRateHistory } from '@service-mesh/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../api';
import { meshEntityRef } from './useMeshStatus';
import { PollingState, usePolling } from './usePolling';

/** The window the tab shows. */
export const REQUEST_RATE_MINUTES = 30;
/** A point every 30 s at most: refreshing more often would show nothing new. */
export const REQUEST_RATE_POLL_INTERVAL_MS = 30_000;

/**
 * Each service's request rate over the last 30 minutes, refreshed every 30
 * seconds while the page is visible.
 */
export function useRequestRates(
  entity: Entity,
): PollingState<RequestRateHistory> {
  const api = useApi(serviceMeshApiRef);
  const ref = meshEntityRef(entity);
  return usePolling(
    `${stringifyEntityRef(ref)} ${REQUEST_RATE_MINUTES}`,
    signal =>
      api.getRequestRates(ref, { minutes: REQUEST_RATE_MINUTES, signal }),
    REQUEST_RATE_POLL_INTERVAL_MS,
  );
}
