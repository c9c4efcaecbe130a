import { MeshLinks } from '@service-mesh/plugin-service-mesh-common';
import { ClusterMeshSettings } from '../config/meshSettings';
import { KubeObject } from '../status/kubeObjects';

const trim = (url: string) => url.replace(/\/+$/, '');

/** `https://<host>` of the Route with that name, as OpenShift exposes the mesh's consoles. */
function routeUrl(
  routes: KubeObject[] | undefined,
  name: string,
): string | undefined {
  const route = routes?.find(r => r.metadata.name === name && r.spec?.host);
  if (!route) return undefined;
  return `${route.spec.tls ? 'https' : 'http'}://${route.spec.host}`;
}

/**
 * Links to Kiali (the graph of the namespace), Grafana and Jaeger: configured
 * URLs first, else the Routes the Service Mesh operator made for them in the
 * control-plane namespace.
 */
export function meshLinks(options: {
  mesh?: ClusterMeshSettings;
  routes?: KubeObject[];
  namespace: string;
}): MeshLinks {
  const { mesh, routes, namespace } = options;
  const kiali = mesh?.kiali?.publicUrl ?? routeUrl(routes, 'kiali');
  const grafana = mesh?.grafanaUrl ?? routeUrl(routes, 'grafana');
  const jaeger = mesh?.jaegerUrl ?? routeUrl(routes, 'jaeger');
  return {
    ...(kiali
      ? {
          kiali: `${trim(
            kiali,
          )}/console/graph/namespaces/?namespaces=${encodeURIComponent(
            namespace,
          )}&graphType=versionedApp`,
        }
      : {}),
    ...(grafana ? { grafana: trim(grafana) } : {}),
    ...(jaeger ? { jaeger: trim(jaeger) } : {}),
  };
}

/** The configured link to a Flagger Canary or an Argo Rollout, its namespace and name filled in. */
export function deliveryLink(
  mesh: ClusterMeshSettings | undefined,
  owner: { tool: 'flagger' | 'argo-rollouts'; namespace: string; name: string },
): string | undefined {
  const template =
    owner.tool === 'flagger'
      ? mesh?.deliveryLinks?.flagger
      : mesh?.deliveryLinks?.argoRollouts;
  return template
    ?.replace(/\{namespace\}/g, encodeURIComponent(owner.namespace))
    .replace(/\{name\}/g, encodeURIComponent(owner.name));
}
