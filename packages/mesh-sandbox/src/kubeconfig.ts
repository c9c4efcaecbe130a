import { stringify } from 'yaml';

/** A kubeconfig (server + bearer token) that kubectl and client-node use unchanged. */
export function kubeconfigYaml(options: {
  url: string;
  token: string;
  caCertificate: string;
  cluster?: string;
  user?: string;
}): string {
  const cluster = options.cluster ?? 'sandbox';
  const user = options.user ?? 'sandbox-user';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster,
        cluster: {
          server: options.url,
          'certificate-authority-data': Buffer.from(
            options.caCertificate,
          ).toString('base64'),
        },
      },
    ],
    users: [{ name: user, user: { token: options.token } }],
    contexts: [
      { name: cluster, context: { cluster, user, namespace: 'default' } },
    ],
    'current-context': cluster,
    preferences: {},
  });
}
