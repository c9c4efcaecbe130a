import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs';

/**
 * One cluster of the standard `kubernetes` config section, as the mesh plugins use it.
 *
 * @public
 */
export interface ClusterConnection {
  name: string;
  url: string;
  skipTLSVerify: boolean;
  /** PEM of the CA, from caData (base64) or caFile (read on each use). */
  ca(): string | undefined;
  /** The bearer token; throws when the cluster's auth provider is not supported. */
  token(): string;
}

function connection(cluster: Config): ClusterConnection {
  const name = cluster.getString('name');
  // authMetadata's keys contain dots and slashes, which config paths cannot address.
  const authMetadata =
    cluster.getOptional<Record<string, string>>('authMetadata') ?? {};
  const authProvider =
    cluster.getOptionalString('authProvider') ??
    authMetadata['kubernetes.io/auth-provider'];
  const serviceAccountToken = cluster.getOptionalString('serviceAccountToken');
  const caData = cluster.getOptionalString('caData');
  const caFile = cluster.getOptionalString('caFile');
  return {
    name,
    url: cluster.getString('url').replace(/\/+$/, ''),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    ca: () => {
      if (caData) return Buffer.from(caData, 'base64').toString('utf8');
      if (caFile) return fs.readFileSync(caFile, 'utf8');
      return undefined;
    },
    token: () => {
      if (authProvider !== 'serviceAccount' || !serviceAccountToken) {
        throw new InputError(
          `cluster '${name}' uses authProvider '${
            authProvider ?? 'none'
          }'; the service mesh plugins need authProvider 'serviceAccount' with a serviceAccountToken`,
        );
      }
      return serviceAccountToken;
    },
  };
}

/**
 * The clusters of `kubernetes.clusterLocatorMethods` entries of type `config`:
 * the same clusters and credentials the Kubernetes plugin uses, never a local
 * kubeconfig.
 *
 * @public
 */
export function readClusters(config: Config): ClusterConnection[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? [])
    .map(connection);
}

/**
 * The named cluster; an unknown name is an error that lists the configured ones.
 *
 * @public
 */
export function findCluster(
  clusters: ClusterConnection[],
  name: string,
): ClusterConnection {
  const found = clusters.find(c => c.name === name);
  if (!found) {
    const known = clusters.map(c => c.name);
    throw new InputError(
      `unknown cluster '${name}'; configured clusters: ${
        known.length > 0
          ? known.join(', ')
          : 'none (add one under kubernetes.clusterLocatorMethods)'
      }`,
    );
  }
  return found;
}
