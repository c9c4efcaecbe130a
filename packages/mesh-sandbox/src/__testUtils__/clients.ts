import * as k8s from '@kubernetes/client-node';
import { Sandbox } from '../sandbox';
import { SandboxTokens } from '../server/auth';

/** Real @kubernetes/client-node clients for a sandbox, with default settings. */
export function clientsFor(
  sandbox: Sandbox,
  access: keyof SandboxTokens = 'write',
) {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sandbox.kubeconfig(access));
  return {
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
  };
}

/** The Status body of a failed client-node call. */
export async function statusOf(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (error: any) {
    if (typeof error?.body === 'string')
      return { ...JSON.parse(error.body), httpCode: error.code };
    if (typeof error?.code === 'number') return { httpCode: error.code };
    throw error;
  }
  throw new Error('expected the call to fail');
}
