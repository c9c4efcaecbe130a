export {
  useMeshStatus,
  meshEntityRef,
  DEFAULT_POLL_INTERVAL_MS,
} from './useMeshStatus';
export type { MeshStatusOptions } from './useMeshStatus';
export {
  useRequestRates,
  REQUEST_RATE_MINUTES,
  REQUEST_RATE_POLL_INTERVAL_MS,
} from './useRequestRates';
export { usePolling } from './usePolling';
export type { PollingState } from './usePolling';
export { useDocumentVisible } from './useDocumentVisible';
export {
  useTrafficGraph,
  TRAFFIC_GRAPH_POLL_INTERVAL_MS,
} from './useTrafficGraph';
export { useTrafficUpdatePermission } from './useTrafficUpdatePermission';
