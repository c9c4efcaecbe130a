import { ObjectApi } from '../../k8s/objectApi';
import { allOperatorCrds } from '../../k8s/operatorCrds';
import { Sandbox, startSandbox } from '../../sandbox';

export const namespaceName = 'user1-sockshop';

/** A manifest both the in-process ObjectApi and client-node's typed APIs accept. */
export type Manifest = any;

/** Installs the operators' CRDs and creates the given namespaces. */
export function installCrdsAndNamespaces(
  api: ObjectApi,
  namespaces: string[] = [namespaceName],
) {
  const crds = api.type('apiextensions.k8s.io', 'customresourcedefinitions');
  allOperatorCrds.forEach(crd => api.create(crds, undefined, crd));
  for (const name of namespaces) {
    api.create(api.type('', 'namespaces'), undefined, { metadata: { name } });
  }
}

/** A sandbox without operators, holding the CRDs, namespaces and whatever `seed` adds. */
export function startSeededSandbox(
  seed: (api: ObjectApi) => void = () => {},
  namespaces?: string[],
): Promise<Sandbox> {
  return startSandbox({
    seed: ({ api }) => {
      installCrdsAndNamespaces(api, namespaces);
      seed(api);
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
