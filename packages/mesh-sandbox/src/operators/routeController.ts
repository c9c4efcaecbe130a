import { kinds } from '../client/kinds';
import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import { ensureStatus, timestamp } from './objects';

/**
 * OpenShift's Route host defaulting (openshift-apiserver: `<name>-<namespace>.<apps domain>`,
 * here a mutating webhook) and the default router admitting every Route.
 */
export const routeController: Controller = {
  name: 'openshift-router',
  start(context: SandboxContext) {
    const { client, cache, scheduler, settings } = context;
    const routerHost = `router-default.${settings.appsDomain}`;

    context.addWebhook({
      name: 'route-host.route.openshift.io',
      rules: [
        {
          apiGroups: ['route.openshift.io'],
          apiVersions: ['v1'],
          resources: ['routes'],
          operations: ['CREATE'],
        },
      ],
      mutate({ object }) {
        if (object.spec?.host) return undefined;
        const { name, namespace } = object.metadata;
        return {
          ...object,
          spec: {
            ...object.spec,
            host: `${name}-${namespace}.${settings.appsDomain}`,
          },
        };
      },
    });

    async function admit(namespace: string, name: string) {
      const route = cache.get('route.openshift.io', 'routes', namespace, name);
      if (!route || route.metadata.deletionTimestamp) return;
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
      await ensureStatus(
        client,
        cache,
        kinds.routes,
        route,
        { ingress: [admitted] },
        'openshift-router',
      );
    }

    return cache.watch(['route.openshift.io/routes'], event => {
      const route: K8sObject = event.object;
      if (event.type === 'DELETED') return;
      scheduler.enqueue(
        `route/${route.metadata.namespace}/${route.metadata.name}`,
        () => admit(route.metadata.namespace!, route.metadata.name!),
      );
    });
  },
};
