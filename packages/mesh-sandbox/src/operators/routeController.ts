import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import { clusterCacheOf } from './clusterCache';
import { timestamp } from './objects';
import { watchKinds } from './watchKinds';

/**
 * OpenShift's Route host defaulting (openshift-apiserver: `<name>-<namespace>.<apps domain>`)
 * and the default router admitting every Route.
 */
export const routeController: Controller = {
  name: 'openshift-router',
  start(context: SandboxContext) {
    const { api, scheduler, settings } = context;
    const cache = clusterCacheOf(api);
    const routerHost = `router-default.${settings.appsDomain}`;

    api.onMutate(request => {
      const { type, operation, object } = request;
      if (type.group !== 'route.openshift.io' || operation !== 'CREATE')
        return object;
      if (object.spec?.host) return object;
      const { name, namespace } = object.metadata;
      return {
        ...object,
        spec: {
          ...object.spec,
          host: `${name}-${namespace}.${settings.appsDomain}`,
        },
      };
    });

    function admit(namespace: string, name: string) {
      const route = cache.get('route.openshift.io', 'routes', namespace, name);
      if (!route) return;
      const before = route.status?.ingress?.[0];
      const admitted = {
        host: route.spec?.host,
        routerName: 'default',
        wildcardPolicy: route.spec?.wildcardPolicy ?? 'None',
        routerCanonicalHostname: routerHost,
        conditions: [
          {
            type: 'Admitted',
            status: 'True',
            lastTransitionTime:
              before?.conditions?.[0]?.lastTransitionTime ?? timestamp(),
          },
        ],
      };
      api.updateStatus(
        api.type('route.openshift.io', 'routes'),
        namespace,
        name,
        { ingress: [admitted] },
        'openshift-router',
      );
    }

    return watchKinds(api, ['route.openshift.io/routes'], event => {
      const route: K8sObject = event.object;
      if (event.type === 'DELETED') return;
      scheduler.enqueue(
        `route/${route.metadata.namespace}/${route.metadata.name}`,
        () => admit(route.metadata.namespace!, route.metadata.name!),
      );
    });
  },
};
