import { SandboxContext } from '../../context';
import { Sandbox, startSandbox } from '../../sandbox';
import { createNamespaces } from '../../scenarios/seeding';

export const namespaceName = 'user1-sockshop';

/** A manifest both the sandbox's client and client-node's typed APIs accept. */
export type Manifest = any;

/** A sandbox without simulators, holding the namespaces and whatever `seed` adds. */
export function startSeededSandbox(
  seed: (context: SandboxContext) => Promise<void> = async () => {},
  namespaces: string[] = [namespaceName],
): Promise<Sandbox> {
  return startSandbox({
    seed: async context => {
      await createNamespaces(context, namespaces);
      await seed(context);
    },
  });
}

export function deployment(
  name: string,
  namespace = namespaceName,
  labels: Record<string, string> = { app: name },
): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name, image: `quay.io/sockshop/${name}:0.4.8`, env: [] },
          ],
        },
      },
    },
  };
}

export function configMap(
  name: string,
  labels: Record<string, string> = {},
  namespace = namespaceName,
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels },
    data: { key: name },
  };
}

export function virtualService(
  name: string,
  spec: Record<string, unknown> = {},
  namespace = namespaceName,
): Manifest {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name, namespace },
    spec: {
      hosts: [name],
      http: [{ route: [{ destination: { host: name } }] }],
      ...spec,
    },
  };
}

/** The coordinates of VirtualServices for CustomObjectsApi calls. */
export const vsCoordinates = {
  group: 'networking.istio.io',
  version: 'v1beta1',
  namespace: namespaceName,
  plural: 'virtualservices',
};
