import * as k8s from '@kubernetes/client-node';
import { ClusterConnection } from './clusterConfig';

/**
 * A client-node KubeConfig for one configured cluster (token auth, its CA).
 *
 * @public
 */
export function kubeConfigFor(
  cluster: ClusterConnection,
  user = 'service-mesh',
): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  const ca = cluster.ca();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        skipTLSVerify: cluster.skipTLSVerify,
        ...(ca ? { caData: Buffer.from(ca).toString('base64') } : {}),
      },
    ],
    users: [{ name: user, token: cluster.token() }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user }],
    currentContext: cluster.name,
  });
  return kc;
}

/**
 * The HTTP status and Kubernetes reason of a client-node error, without its request details.
 *
 * @public
 */
export function describeKubeError(error: unknown): {
  code?: number;
  message: string;
} {
  const e = error as any;
  if (typeof e?.code === 'number' && e.code >= 100) {
    let message = `HTTP ${e.code}`;
    if (typeof e.body === 'string') {
      try {
        message = JSON.parse(e.body).message ?? message;
      } catch {
        // keep the status line
      }
    }
    return { code: e.code, message };
  }
  const text = e?.cause?.code ?? e?.code ?? e?.message ?? String(error);
  return { message: String(text) };
}
