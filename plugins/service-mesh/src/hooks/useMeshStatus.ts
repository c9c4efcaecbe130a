import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { MeshStatus } from '@service-mesh/plugin-service-mesh-common';
import { MeshEntityRef, serviceMeshApiRef } from '../api';
import { PollingState, usePolling } from './usePolling';

export const DEFAULT_POLL_INTERVAL_MS = 10_000;

/** @public */
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

/**
 * After a followed status: at once when it changed or the backend held the
 * request (its long poll), a second when it answered the same version at
 * once (so a misbehaving backend is not asked in a tight loop).
 */
export function delayAfterStatus(
  intervalMs: number,
): (
  value: MeshStatus,
  previous: MeshStatus | undefined,
  elapsedMs: number,
) => number {
  return (value, previous, elapsedMs) => {
    if (value.version === undefined) return intervalMs;
    return value.version === previous?.version && elapsedMs < 1000 ? 1000 : 0;
  };
}

/**
 * The mesh status of a catalog entity while the page is visible. When the
 * backend serves it from watches (the status has a `version`), the hook
 * follows it: each request asks `?sinceVersion=<version>`, which the backend
 * answers as soon as the status changes (or after about 25 s), so a change
 * shows within a second; otherwise it refreshes every `pollIntervalMs`.
 * Hidden pages make no requests (the request in flight is aborted).
 */
export function useMeshStatus(
  entity: Entity,
  options: MeshStatusOptions = {},
): PollingState<MeshStatus> {
  const api = useApi(serviceMeshApiRef);
  const ref = meshEntityRef(entity);
  const intervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  return usePolling(
    stringifyEntityRef(ref),
    (signal, previous) =>
      api.getStatus(ref, { signal, sinceVersion: previous?.version }),
    intervalMs,
    delayAfterStatus(intervalMs),
  );
}
