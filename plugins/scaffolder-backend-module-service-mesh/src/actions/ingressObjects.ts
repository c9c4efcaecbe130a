import { KubeObject } from '../cluster/meshCluster';
import { kinds } from '../cluster/kinds';
import { managedLabels, originalStateAnnotation } from '../cluster/ownership';

export interface IngressNames {
  user: string;
  app: string;
  controlPlane: string;
  appsDomain: string;
  gateway: string;
  virtualService: string;
  service: string;
  servicePort: number;
}

/** `front-end-user1-sockshop.apps.<domain>`, as the guide names it. */
export const publicHost = (
  n: Pick<IngressNames, 'service' | 'app' | 'appsDomain'>,
) => `${n.service}-${n.app}.${n.appsDomain}`;

export const serviceHost = (service: string, namespace: string) =>
  `${service}.${namespace}.svc.cluster.local`;

export function gateway(n: IngressNames): KubeObject {
  return {
    apiVersion: kinds.gateway.apiVersion,
    kind: kinds.gateway.kind,
    metadata: {
      name: n.gateway,
      namespace: n.app,
      labels: managedLabels(n.user),
      // the Route is made below, as in the guide; IOR must not add a second one
      annotations: { 'maistra.io/manageRoute': 'false' },
    },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 80, name: 'http', protocol: 'HTTP' },
          hosts: [`*.${n.appsDomain}`],
        },
      ],
    },
  };
}

/**
 * The front-end VirtualService. Routes a later step (canary) set are kept, so
 * a re-run of the template leaves the object unchanged.
 */
export function frontEndVirtualService(
  n: IngressNames,
  live?: KubeObject,
): KubeObject {
  const host = serviceHost(n.service, n.app);
  const liveHttp: any[] | undefined = live?.spec?.http;
  const keepsRoutes = liveHttp?.some(h =>
    (h.route ?? []).some((r: any) => r.destination?.host === host),
  );
  return {
    apiVersion: kinds.virtualService.apiVersion,
    kind: kinds.virtualService.kind,
    metadata: {
      name: n.virtualService,
      namespace: n.app,
      labels: managedLabels(n.user),
    },
    spec: {
      hosts: [publicHost(n)],
      gateways: [n.gateway],
      http: keepsRoutes
        ? liveHttp
        : [
            {
              route: [
                { destination: { host, port: { number: n.servicePort } } },
              ],
            },
          ],
    },
  };
}

/** The Route in the control-plane namespace to the ingress gateway, remembering the Route it replaces. */
export function gatewayRoute(
  n: IngressNames,
  replaces?: KubeObject,
): KubeObject {
  return {
    apiVersion: kinds.route.apiVersion,
    kind: kinds.route.kind,
    metadata: {
      name: `${n.service}-service-gateway`,
      namespace: n.controlPlane,
      labels: managedLabels(n.user),
      ...(replaces
        ? { annotations: originalStateAnnotation({ replaces }) }
        : {}),
    },
    spec: {
      host: publicHost(n),
      to: { kind: 'Service', name: 'istio-ingressgateway', weight: 100 },
      port: { targetPort: 8080 },
    },
  };
}

/** What teardown needs to put the old Route back. */
export function restorable(route: KubeObject): KubeObject {
  return {
    apiVersion: route.apiVersion ?? kinds.route.apiVersion,
    kind: route.kind ?? kinds.route.kind,
    metadata: {
      name: route.metadata.name,
      namespace: route.metadata.namespace,
      ...(route.metadata.labels ? { labels: route.metadata.labels } : {}),
    },
    spec: route.spec,
  };
}
