import * as k8s from '@kubernetes/client-node';
import { FIELD_MANAGER } from '@service-mesh/plugin-service-mesh-common';
import { applyKeepingOthersFields } from '@service-mesh/plugin-service-mesh-node';

const VS = {
  group: 'networking.istio.io',
  version: 'v1beta1',
  plural: 'virtualservices',
};

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Rewrites the destinations of one HTTP route of a VirtualService to the given
 * subset weights with server-side apply (the plugins' field manager), keeping
 * the host and port the route already used.
 *
 * The template actions apply under the same field manager, and an apply
 * removes the fields its manager owned but no longer lists: so the body keeps
 * the live spec, labels and annotations, or hosts and gateways (which the
 * webhook requires) and the teardown label would go. Answers the object as stored.
 */
export async function applyRouteWeights(options: {
  kc: k8s.KubeConfig;
  namespace: string;
  virtualService: string;
  httpRouteIndex: number;
  weights: Record<string, number>;
}): Promise<any> {
  const custom = options.kc.makeApiClient(k8s.CustomObjectsApi);
  const live: any = await custom.getNamespacedCustomObject({
    ...VS,
    namespace: options.namespace,
    name: options.virtualService,
  });
  const http = structuredClone(live.spec?.http ?? []) as any[];
  const route = http[options.httpRouteIndex];
  const template = route?.route?.[0]?.destination ?? {};
  route.route = Object.entries(options.weights).map(([subset, weight]) => ({
    destination: {
      host: template.host,
      subset,
      ...(template.port ? { port: template.port } : {}),
    },
    weight,
  }));
  // The VirtualService as the API server stored it.
  return applyKeepingOthersFields(FIELD_MANAGER, force =>
    custom.patchNamespacedCustomObject(
      {
        ...VS,
        namespace: options.namespace,
        name: options.virtualService,
        body: {
          apiVersion: `${VS.group}/${VS.version}`,
          kind: 'VirtualService',
          metadata: {
            name: options.virtualService,
            namespace: options.namespace,
            ...(live.metadata?.labels ? { labels: live.metadata.labels } : {}),
            annotations: Object.fromEntries(
              Object.entries<string>(live.metadata?.annotations ?? {}).filter(
                ([key]) => key !== LAST_APPLIED,
              ),
            ),
          },
          spec: { ...live.spec, http },
        },
        fieldManager: FIELD_MANAGER,
        // A field another manager owns (GitOps, kubectl edit) is a 409 that names it.
        force,
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    ),
  );
}
