import { K8sObject } from '../k8s/types';

/** The label an OSSM 3 tenant's namespaces carry, which its Istio's discoverySelectors select. */
export const discoveryLabel = 'istio-discovery';

/** A user's control plane the OSSM 3 way: an `Istio` named after the user, its revision the same (InPlace). */
export function userIstio(
  user: string,
  controlPlaneNamespace: string,
  profile: 'openshift' | 'openshift-ambient' = 'openshift',
): K8sObject {
  return {
    metadata: { name: user },
    spec: {
      namespace: controlPlaneNamespace,
      version: 'v1.30.3',
      profile,
      updateStrategy: { type: 'InPlace' },
      values: {
        meshConfig: {
          discoverySelectors: [{ matchLabels: { [discoveryLabel]: user } }],
        },
      },
    },
  };
}

/** A per-version Service of front-end (HTTPRoutes have no subsets). */
export function frontEndVersionService(
  namespace: string,
  version: string,
): K8sObject {
  return {
    metadata: {
      name: `front-end-${version}`,
      namespace,
      labels: { name: 'front-end', version },
    },
    spec: {
      selector: { name: 'front-end', version },
      ports: [{ port: 80, targetPort: 8079, protocol: 'TCP' }],
    },
  };
}

export const frontEndHost = (namespace: string, appsDomain: string) =>
  `front-end-${namespace}.${appsDomain}`;

/** The ingress as a Gateway API Gateway; istiod deploys its Envoy as `front-end-gateway-istio`. */
export function frontEndGateway(
  namespace: string,
  appsDomain: string,
): K8sObject {
  return {
    metadata: { name: 'front-end-gateway', namespace },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        {
          name: 'http',
          port: 80,
          protocol: 'HTTP',
          hostname: frontEndHost(namespace, appsDomain),
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    },
  };
}

/** The canary at 80/20 across front-end's per-version Services. */
export function frontEndHttpRoute(
  namespace: string,
  appsDomain: string,
  weights: [number, number] = [80, 20],
): K8sObject {
  return {
    metadata: { name: 'front-end', namespace },
    spec: {
      parentRefs: [{ name: 'front-end-gateway' }],
      hostnames: [frontEndHost(namespace, appsDomain)],
      rules: [
        {
          backendRefs: [
            { name: 'front-end-v1', port: 80, weight: weights[0] },
            { name: 'front-end-v2', port: 80, weight: weights[1] },
          ],
        },
      ],
    },
  };
}

/** OSSM 3 creates no Routes for gateways: the front-end host goes to the Gateway's Service explicitly. */
export function gatewayServiceRoute(
  namespace: string,
  appsDomain: string,
): K8sObject {
  return {
    metadata: { name: 'front-end', namespace, labels: { name: 'front-end' } },
    spec: {
      host: frontEndHost(namespace, appsDomain),
      to: { kind: 'Service', name: 'front-end-gateway-istio', weight: 100 },
      port: { targetPort: 'port-80' },
      wildcardPolicy: 'None',
    },
  };
}
