import { K8sObject } from '../k8s/types';

/** Step 1: the guide's v1 ServiceMeshControlPlane (with what it elides: kiali, grafana, tracing). */
export function basicInstall(controlPlaneNamespace: string): K8sObject {
  return {
    metadata: { name: 'basic-install', namespace: controlPlaneNamespace },
    spec: {
      istio: {
        global: { disablePolicyChecks: false, mtls: { enabled: false } },
        gateways: {
          'istio-egressgateway': { autoscaleEnabled: false },
          'istio-ingressgateway': { autoscaleEnabled: false },
        },
        grafana: { enabled: true },
        kiali: { enabled: true },
        tracing: { enabled: true, jaeger: { template: 'all-in-one' } },
      },
    },
  };
}

/** Step 2: the member roll. */
export function memberRoll(
  controlPlaneNamespace: string,
  members: string[],
): K8sObject {
  return {
    metadata: { name: 'default', namespace: controlPlaneNamespace },
    spec: { members },
  };
}

const frontEndHost = (namespace: string, appsDomain: string) =>
  `front-end-${namespace}.${appsDomain}`;
const serviceHost = (service: string, namespace: string) =>
  `${service}.${namespace}.svc.cluster.local`;

/** Step 4: the wildcard Gateway on the ingress gateway. */
export function wildcardGateway(
  namespace: string,
  appsDomain: string,
): K8sObject {
  return {
    metadata: { name: 'sockshop-wildcard-gateway', namespace },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 80, name: 'http', protocol: 'HTTP' },
          hosts: [`*.${appsDomain}`],
        },
      ],
    },
  };
}

/** Step 7's VirtualService: front-end's host through the gateway, 80% to v1 and 20% to v2. */
export function canaryVirtualService(
  namespace: string,
  appsDomain: string,
): K8sObject {
  const destination = (subset: string, weight: number) => ({
    destination: {
      host: serviceHost('front-end', namespace),
      port: { number: 80 },
      subset,
    },
    weight,
  });
  return {
    metadata: { name: 'front-end-virtualservice', namespace },
    spec: {
      hosts: [frontEndHost(namespace, appsDomain)],
      gateways: ['sockshop-wildcard-gateway'],
      http: [{ route: [destination('v1', 80), destination('v2', 20)] }],
    },
  };
}

/** Step 7's subsets and step 6's circuit breaker for carts. */
export function destinationRules(namespace: string): K8sObject[] {
  return [
    {
      metadata: { name: 'front-end-destinationrule', namespace },
      spec: {
        host: serviceHost('front-end', namespace),
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    },
    {
      metadata: { name: 'carts-destinationrule', namespace },
      spec: {
        host: serviceHost('carts', namespace),
        trafficPolicy: {
          outlierDetection: {
            consecutive5xxErrors: 1,
            interval: '1s',
            baseEjectionTime: '3m',
            maxEjectionPercent: 100,
          },
        },
      },
    },
  ];
}

/** Step 4's Route in the control plane namespace: the front-end host to the ingress gateway. */
export function gatewayRoute(
  controlPlaneNamespace: string,
  sockshopNamespace: string,
  appsDomain: string,
): K8sObject {
  return {
    metadata: {
      name: 'front-end-service-gateway',
      namespace: controlPlaneNamespace,
    },
    spec: {
      host: frontEndHost(sockshopNamespace, appsDomain),
      to: { kind: 'Service', name: 'istio-ingressgateway', weight: 100 },
      port: { targetPort: 8080 },
      wildcardPolicy: 'None',
    },
  };
}
