import { Config } from '@backstage/config';
import {
  ClusterConnection,
  findCluster,
  readClusters,
} from '@service-mesh/plugin-service-mesh-node';

export type { ClusterConnection };

/**
 * The clusters listed under `kubernetes.clusterLocatorMethods` of type
 * `config`, the ones the Kubernetes plugin uses. There is deliberately no
 * fallback to a local kubeconfig.
 */
export const configuredClusters = (config: Config): ClusterConnection[] =>
  readClusters(config);

/** The named cluster; an unknown name lists the configured ones. */
export const clusterNamed = (config: Config, name: string): ClusterConnection =>
  findCluster(readClusters(config), name);
