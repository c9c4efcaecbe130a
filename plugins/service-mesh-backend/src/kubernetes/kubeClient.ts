import * as k8s from '@kubernetes/client-node';
import { ClusterConnection } from './clusterConfig';

/** A client-node KubeConfig for one configured cluster (token auth, its CA). */
export function kubeConfigFor(cluster: ClusterConnection): k8s.KubeConfig {
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
    users: [{ name: 'service-mesh', token: cluster.token() }],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'service-mesh' },
    ],
    currentContext: cluster.name,
  });
  return kc;
}

/** The HTTP status and Kubernetes reason of a client-node error, without its request details. */
export function describeKubeError(error: unknown): {
  code?: number;
  message: string;
} {
  const e = error as any;
  if (typeof e?.code === 'number' && typeof e?.body === 'string') {
    try {
      const status = JSON.parse(e.body);
      return { code: e.code, message: status.message ?? `HTTP ${e.code}` };
    } catch {
      return { code: e.code, message: `HTTP ${e.code}` };
    }
  }
  const text = e?.cause?.code ?? e?.code ?? e?.message ?? String(error);
  return { message: String(text) };
}
