import { KubeObject } from '../cluster/meshCluster';
import { kinds } from '../cluster/kinds';
import { managedLabels, originalStateAnnotation } from '../cluster/ownership';
import { publicHost } from './ingressObjects';

/** The names of a Gateway API ingress for one Service. */
export interface GatewayIngressNames {
  user: string;
  /** The application namespace. */
  app: string;
  appsDomain: string;
  service: string;
  servicePort: number;
  gateway: string;
  gatewayClassName: string;
  httpRoute: string;
  /** The OpenShift Route to the Gateway's Service. */
  route: string;
}

/** The HTTP listener's port: the Gateway's Service port the Route targets. */
const HTTP_PORT = 80;

/** The Service istiod's deployment controller makes for a Gateway of class `istio`. */
export const gatewayServiceName = (gateway: string) => `${gateway}-istio`;

/** A Gateway API Gateway with one HTTP listener for the public host, routes from its own namespace only. */
export function ingressGateway(n: GatewayIngressNames): KubeObject {
  return {
    apiVersion: kinds.gatewayApiGateway.apiVersion,
    kind: kinds.gatewayApiGateway.kind,
    metadata: {
      name: n.gateway,
      namespace: n.app,
      labels: managedLabels(n.user),
    },
    spec: {
      gatewayClassName: n.gatewayClassName,
      listeners: [
        {
          name: 'http',
          port: HTTP_PORT,
          protocol: 'HTTP',
          hostname: publicHost(n),
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    },
  };
}

/** Whether a backendRef names the Service or one of its per-version Services (`<service>-v2`). */
const refersTo = (ref: any, service: string) =>
  ref?.name === service || String(ref?.name).startsWith(`${service}-`);

/**
 * The HTTPRoute from the Gateway to the Service. Rules a later step (the
 * canary) set over the Service's per-version Services are kept, so a re-run
 * leaves the object unchanged.
 */
export function ingressHttpRoute(
  n: GatewayIngressNames,
  live?: KubeObject,
): KubeObject {
  const liveRules: any[] | undefined = live?.spec?.rules;
  const keepsRules =
    liveRules &&
    liveRules.length > 0 &&
    liveRules.every(rule =>
      (rule.backendRefs ?? []).every((ref: any) => refersTo(ref, n.service)),
    );
  return {
    apiVersion: kinds.httpRoute.apiVersion,
    kind: kinds.httpRoute.kind,
    metadata: {
      name: n.httpRoute,
      namespace: n.app,
      labels: managedLabels(n.user),
    },
    spec: {
      parentRefs: [{ name: n.gateway }],
      hostnames: [publicHost(n)],
      rules: keepsRules
        ? liveRules
        : [{ backendRefs: [{ name: n.service, port: n.servicePort }] }],
    },
  };
}

/**
 * OSSM 3 makes no Routes for gateways: the OpenShift Route for the public host
 * to the Gateway's Service, remembering the Route it replaces.
 */
export function gatewayServiceRoute(
  n: GatewayIngressNames,
  replaces?: KubeObject,
): KubeObject {
  return {
    apiVersion: kinds.route.apiVersion,
    kind: kinds.route.kind,
    metadata: {
      name: n.route,
      namespace: n.app,
      labels: managedLabels(n.user),
      ...(replaces
        ? { annotations: originalStateAnnotation({ replaces }) }
        : {}),
    },
    spec: {
      host: publicHost(n),
      to: {
        kind: 'Service',
        name: gatewayServiceName(n.gateway),
        weight: 100,
      },
      port: { targetPort: HTTP_PORT },
    },
  };
}

/** `<service>-<version>`: the Service of one version, as HTTPRoutes have no subsets. */
export const versionServiceName = (service: string, version: string) =>
  `${service}-${version}`;

/** A Service selecting only one version's pods: the base Service's selector and ports, plus `version`. */
export function versionService(
  base: KubeObject,
  version: string,
  user: string,
): KubeObject {
  const ports = ((base.spec?.ports ?? []) as any[]).map(port => ({
    ...(port.name ? { name: port.name } : {}),
    port: port.port,
    ...(port.targetPort !== undefined ? { targetPort: port.targetPort } : {}),
    protocol: port.protocol ?? 'TCP',
  }));
  return {
    apiVersion: kinds.service.apiVersion,
    kind: kinds.service.kind,
    metadata: {
      name: versionServiceName(base.metadata.name, version),
      namespace: base.metadata.namespace,
      labels: {
        ...(base.metadata.labels ?? {}),
        ...managedLabels(user),
        version,
      },
    },
    spec: {
      selector: { ...(base.spec?.selector ?? {}), version },
      ports,
    },
  };
}

/**
 * The HTTPRoute with one rule's backendRefs set to the per-version Services,
 * weighted; the port is the rule's first backendRef's.
 */
export function weightedHttpRoute(
  live: KubeObject,
  options: {
    service: string;
    user: string;
    weights: Record<string, number>;
    ruleIndex?: number;
  },
): KubeObject {
  const rules: any[] = structuredClone(live.spec?.rules ?? [{}]);
  const index = options.ruleIndex ?? 0;
  const port = rules[index]?.backendRefs?.[0]?.port;
  rules[index] = {
    ...rules[index],
    backendRefs: Object.entries(options.weights).map(([version, weight]) => ({
      name: versionServiceName(options.service, version),
      ...(port !== undefined ? { port } : {}),
      weight,
    })),
  };
  return {
    apiVersion: kinds.httpRoute.apiVersion,
    kind: kinds.httpRoute.kind,
    metadata: {
      name: live.metadata.name,
      namespace: live.metadata.namespace,
      labels: {
        ...(live.metadata.labels ?? {}),
        ...managedLabels(options.user),
      },
    },
    spec: { ...live.spec, rules },
  };
}

/** Istio's HBONE port, which a waypoint listens on. */
const HBONE_PORT = 15008;

/** An ambient waypoint: a Gateway of class `istio-waypoint` serving L7 for the namespace's Services. */
export function waypointGateway(options: {
  name: string;
  namespace: string;
  user: string;
}): KubeObject {
  return {
    apiVersion: kinds.gatewayApiGateway.apiVersion,
    kind: kinds.gatewayApiGateway.kind,
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: {
        ...managedLabels(options.user),
        'istio.io/waypoint-for': 'service',
      },
    },
    spec: {
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE' }],
    },
  };
}

/** Whether a Gateway is Programmed (its Envoy deployed and ready), and what its status says. */
export function gatewayProgrammed(gateway: KubeObject | undefined): {
  done: boolean;
  progress: string;
} {
  if (!gateway) return { done: false, progress: 'not created yet' };
  const programmed = (gateway.status?.conditions ?? []).find(
    (c: any) => c.type === 'Programmed',
  );
  const current =
    programmed &&
    (programmed.observedGeneration === undefined ||
      programmed.observedGeneration >= (gateway.metadata.generation ?? 0));
  return {
    done: programmed?.status === 'True' && Boolean(current),
    progress: programmed
      ? `Programmed ${programmed.status}${
          programmed.message ? ` (${programmed.message})` : ''
        }`
      : 'no Programmed condition yet',
  };
}
