import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { MeshStatus } from '@service-mesh/plugin-service-mesh-common';
import { MeshEntityRef, serviceMeshApiRef } from '../api';
import { PollingState, usePolling } from './usePolling';

export const DEFAULT_POLL_INTERVAL_MS = 10_000;

export interface MeshStatusOptions {
  /** How often to refresh while the tab is visible (default 10 s). */
  pollIntervalMs?: number;
}

/** The kind/namespace/name of an entity: all the browser sends. */
export function meshEntityRef(entity: Entity): MeshEntityRef {
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
}

/** The mesh status of a catalog entity, refreshed while the page is visible. */
export function useMeshStatus(
  entity: Entity,
  options: MeshStatusOptions = {},
): PollingState<MeshStatus> {
  const api = useApi(serviceMeshApiRef);
  const ref = meshEntityRef(entity);
  return usePolling(
    stringifyEntityRef(ref),
    signal => api.getStatus(ref, { signal }),
    options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
  );
}
