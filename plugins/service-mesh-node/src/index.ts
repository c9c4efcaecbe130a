/**
 * Clusters of the standard `kubernetes` config section, client-node access to
 * them, and the one authorization rule for writes to a namespace, shared by
 * the Service Mesh backend plugin and scaffolder module.
 *
 * @packageDocumentation
 */
export { readClusters, findCluster } from './clusterConfig';
export type { ClusterConnection } from './clusterConfig';
export { kubeConfigFor, describeKubeError } from './kubeClient';
export {
  applyConflictsOf,
  applyKeepingOthersFields,
  describeApplyConflicts,
} from './applyConflicts';
export type { ApplyConflict } from './applyConflicts';
export { MeshWriteAuthorizer } from './meshWriteAuthorizer';
export type {
  MeshWriteAuthorizerOptions,
  MeshWriteDecision,
  MeshWriteRequest,
} from './meshWriteAuthorizer';
export { namespaceLocations } from './namespaceLocations';
export {
  distinctAccesses,
  missingAccesses,
  missingAccessSentence,
  resourceName,
} from './accessReview';
export type { ResourceAccess } from './accessReview';
export * from './rollout';
export * from './httpRouteApply';
