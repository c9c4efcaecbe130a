import { Entity } from '@backstage/catalog-model';
import type { V1Deployment } from '@kubernetes/client-node';
import {
  KUBERNETES_CLUSTER_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  dataStoreTypeOf,
  NamespaceLocation,
} from '@service-mesh/plugin-service-mesh-common';

/** One catalog entity per workload group: the `app` label, else the Deployment's name. */
interface Workload {
  name: string;
  selector: string;
  images: string[];
}

function workloads(deployments: V1Deployment[]): Workload[] {
  const byName = new Map<string, Workload>();
  for (const deployment of deployments) {
    const name = deployment.metadata?.name;
    if (!name) continue;
    const podLabels = deployment.spec?.template?.metadata?.labels ?? {};
    const matchLabels = deployment.spec?.selector?.matchLabels ?? {};
    const app = podLabels.app;
    const key = app ?? name;
    const selector = app
      ? `app=${app}`
      : Object.entries(matchLabels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
    if (!selector) continue;
    const images = (deployment.spec?.template?.spec?.containers ?? [])
      .map(c => c.image ?? '')
      .filter(Boolean);
    const known = byName.get(key);
    if (known) known.images.push(...images);
    else byName.set(key, { name: key, selector, images });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The System of a meshed namespace with one Component per service and one
 * Resource per data store, each annotated so that the Kubernetes and mesh
 * plugins find its workloads; the System links the hosts its gateway serves. Entities live in the catalog namespace named
 * after the Kubernetes namespace, so two users' SockShops never collide.
 *
 * @public
 */
export function namespaceEntities(
  location: NamespaceLocation,
  deployments: V1Deployment[],
  options: { gatewayHosts?: string[] } = {},
): Entity[] {
  const namespaceAnnotations = {
    [KUBERNETES_NAMESPACE_ANNOTATION]: location.namespace,
    [KUBERNETES_CLUSTER_ANNOTATION]: location.cluster,
  };
  const base = { namespace: location.namespace };
  const system: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      ...base,
      name: location.system,
      title: `${location.system} (${location.namespace})`,
      description: `The workloads of namespace ${location.namespace} on cluster ${location.cluster}, as the service mesh template left them.`,
      annotations: namespaceAnnotations,
      tags: ['service-mesh'],
      links: (options.gatewayHosts ?? []).map(host => ({
        url: `http://${host}`,
        title: `${host} through the mesh gateway`,
        icon: 'web',
      })),
    },
    spec: { owner: location.owner },
  };
  const groups = workloads(deployments);
  const resources = new Set(
    groups.filter(w => dataStoreTypeOf(w)).map(w => w.name),
  );
  const entities = groups.map((workload): Entity => {
    const metadata = {
      ...base,
      name: workload.name,
      annotations: {
        ...namespaceAnnotations,
        [KUBERNETES_LABEL_SELECTOR_ANNOTATION]: workload.selector,
      },
    };
    const type = dataStoreTypeOf(workload);
    if (type) {
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata,
        spec: { type, owner: location.owner, system: location.system },
      };
    }
    const store = `${workload.name}-db`;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata,
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: location.owner,
        system: location.system,
        ...(resources.has(store) ? { dependsOn: [`resource:${store}`] } : {}),
      },
    };
  });
  return [system, ...entities];
}
