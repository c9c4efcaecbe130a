/**
 * Clusters of the standard `kubernetes` config section and client-node access
 * to them, shared by the Service Mesh backend plugin and scaffolder module.
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
