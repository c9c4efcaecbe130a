import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs';

/** One cluster of the standard `kubernetes` config section. */
export interface ClusterConnection {
  name: string;
  url: string;
  skipTLSVerify: boolean;
  /** PEM of the CA, from caData (base64) or caFile. */
  ca(): string | undefined;
  /** The service account token; throws for any other auth provider. */
  token(): string;
}

function toConnection(cluster: Config): ClusterConnection {
  const name = cluster.getString('name');
  const authProvider =
    cluster.getOptionalString('authProvider') ??
    // a key with dots cannot be read as a config path
    cluster.getOptional<Record<string, string>>('authMetadata')?.[
      'kubernetes.io/auth-provider'
    ];
  const token = cluster.getOptionalString('serviceAccountToken');
  const caData = cluster.getOptionalString('caData');
  const caFile = cluster.getOptionalString('caFile');
  return {
    name,
    url: cluster.getString('url').replace(/\/+$/, ''),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    ca() {
      if (caData) return Buffer.from(caData, 'base64').toString('utf8');
      return caFile ? fs.readFileSync(caFile, 'utf8') : undefined;
    },
    token() {
      if (authProvider !== 'serviceAccount' || !token) {
        throw new InputError(
          `Cluster '${name}' uses authProvider '${
            authProvider ?? 'none'
          }'; the service mesh actions need authProvider 'serviceAccount' with a serviceAccountToken`,
        );
      }
      return token;
    },
  };
}

/**
 * The clusters listed under `kubernetes.clusterLocatorMethods` of type
 * `config`, the ones the Kubernetes plugin uses. There is deliberately no
 * fallback to a local kubeconfig.
 */
export function configuredClusters(config: Config): ClusterConnection[] {
  return (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  )
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? [])
    .map(toConnection);
}

/** The named cluster; an unknown name lists the configured ones. */
export function clusterNamed(config: Config, name: string): ClusterConnection {
  const clusters = configuredClusters(config);
  const found = clusters.find(c => c.name === name);
  if (found) return found;
  const known = clusters.map(c => c.name);
  throw new InputError(
    `Unknown cluster '${name}'; configured clusters: ${
      known.length > 0
        ? known.join(', ')
        : 'none (add one under kubernetes.clusterLocatorMethods)'
    }`,
  );
}
