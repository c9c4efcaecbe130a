import {
  computeFindings,
  MeshStatus,
  ServiceStatus,
  SourceName,
  WorkloadStatus,
} from '@service-mesh/plugin-service-mesh-common';

/**
 * Mesh status documents as the backend answers them for the hands-on's
 * SockShop: 13 services in user1-sockshop, every pod with its sidecar,
 * front-end split 80/20 between v1 and v2 (observed 79/21), and a circuit
 * breaker on carts.
 */

const namespace = 'user1-sockshop';
const proxyVersion = '2.5.2';

/** The 13 Deployments of SockShop, each behind a Service of the same name. */
export const SOCKSHOP_SERVICES = [
  'carts',
  'carts-db',
  'catalogue',
  'catalogue-db',
  'front-end',
  'orders',
  'orders-db',
  'payment',
  'queue-master',
  'rabbitmq',
  'shipping',
  'user',
  'user-db',
];

export function workload(
  name: string,
  overrides: Partial<WorkloadStatus> = {},
): WorkloadStatus {
  const version = overrides.version ?? 'v1';
  return {
    name,
    kind: 'Deployment',
    version,
    labels: { name: name.replace(/-v\d+$/, ''), version },
    replicas: 1,
    readyPods: 1,
    podsWithSidecar: 1,
    sidecar: 'injected',
    proxyVersion,
    injectionRequested: true,
    ...overrides,
  };
}

function plainService(name: string, index: number): ServiceStatus {
  return {
    name,
    workloads: [workload(name)],
    routes: [],
    subsets: [],
    observed: {
      requestRate: Number((0.5 + index * 0.7).toFixed(2)),
      errorRatio: 0,
      latencyP95Ms: 12 + index,
    },
    health: {
      status: 'Healthy',
      source: 'tolerances',
      errorRatio: 0,
      requestRate: 0.5 + index,
      reason: '0.00% errors, below every threshold',
    },
  };
}

const frontEndHost = `front-end.${namespace}.svc.cluster.local`;

export function frontEnd(
  weights: { v1: number; v2: number } = { v1: 80, v2: 20 },
  observed: Record<string, number> = { v1: 79, v2: 21 },
): ServiceStatus {
  return {
    name: 'front-end',
    workloads: [
      workload('front-end'),
      workload('front-end-v2', {
        version: 'v2',
        labels: { name: 'front-end', version: 'v2' },
      }),
    ],
    routes: [
      {
        virtualService: 'front-end-virtualservice',
        namespace,
        hosts: ['front-end-user1-sockshop.apps.example.com'],
        gateways: ['sockshop-wildcard-gateway'],
        missingGateways: [],
        httpRouteIndex: 0,
        destinations: (['v1', 'v2'] as const).map(subset => ({
          host: frontEndHost,
          subset,
          port: 80,
          weight: weights[subset],
          version: subset,
          subsetDefined: true,
          matchingPods: 1,
        })),
      },
    ],
    subsets: ['v1', 'v2'].map(subset => ({
      destinationRule: 'front-end',
      name: subset,
      labels: { version: subset },
      matchingPods: 1,
    })),
    observed: {
      requestRate: 24.5,
      errorRatio: 0.004,
      latencyP95Ms: 48,
      splitByVersion: observed,
    },
    health: {
      status: 'Healthy',
      source: 'tolerances',
      errorRatio: 0.4,
      requestRate: 24.5,
      reason: '0.40% errors, below every threshold',
    },
  };
}

function carts(index: number): ServiceStatus {
  return {
    ...plainService('carts', index),
    circuitBreaker: {
      destinationRule: 'carts',
      outlierDetection: {
        consecutive5xxErrors: 1,
        interval: '1s',
        baseEjectionTime: '3m',
        maxEjectionPercent: 100,
      },
      connectionPool: {
        tcp: { maxConnections: 1 },
        http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
      },
    },
  };
}

type StatusWithoutFindings = Omit<MeshStatus, 'findings'>;

/** Adds the findings the backend would compute for the document. */
export function withFindings(status: StatusWithoutFindings): MeshStatus {
  return { ...status, findings: computeFindings(status) };
}

function base(
  entity: MeshStatus['entity'],
  services: ServiceStatus[],
): StatusWithoutFindings {
  return {
    entity,
    cluster: 'local',
    namespace,
    generatedAt: '2026-11-25T10:00:00.000Z',
    controlPlane: {
      flavour: 'maistra',
      name: 'basic-install',
      namespace: 'user1-istio-system',
      version: 'v2.5',
      ready: true,
      reason: 'ComponentsReady',
      components: [
        { name: 'istiod', ready: true },
        { name: 'kiali', ready: true },
      ],
    },
    membership: {
      namespace,
      member: true,
      controlPlaneNamespace: 'user1-istio-system',
      via: 'member-of-label',
    },
    services,
    links: {
      kiali: `https://kiali-user1-istio-system.apps.example.com/console/graph/namespaces/?namespaces=${namespace}`,
      grafana: 'https://grafana-user1-istio-system.apps.example.com',
      jaeger: 'https://jaeger-user1-istio-system.apps.example.com',
    },
    sources: {
      kubernetes: { state: 'ok' },
      kiali: { state: 'ok' },
      prometheus: { state: 'ok' },
    },
  };
}

/** The SockShop System: all 13 services of the namespace. */
export function sockShopStatus(
  frontEndService: ServiceStatus = frontEnd(),
): MeshStatus {
  const services = SOCKSHOP_SERVICES.map((name, index) => {
    if (name === 'front-end') return frontEndService;
    if (name === 'carts') return carts(index);
    return plainService(name, index);
  });
  return withFindings(
    base({ kind: 'system', namespace: 'default', name: 'sockshop' }, services),
  );
}

/** The front-end Component: its own service only, as the backend scopes it. */
export function frontEndComponentStatus(
  frontEndService: ServiceStatus = frontEnd(),
): MeshStatus {
  return withFindings(
    base({ kind: 'component', namespace: 'default', name: 'front-end' }, [
      frontEndService,
    ]),
  );
}

/** The same document with one source failed. */
export function withFailedSource(
  status: MeshStatus,
  source: SourceName,
  reason: string,
): MeshStatus {
  const stripped =
    source === 'kiali'
      ? status.services.map(s => ({ ...s, health: undefined }))
      : status.services;
  return {
    ...status,
    services: stripped,
    sources: { ...status.sources, [source]: { state: 'error', reason } },
  };
}

/** SockShop before the hands-on: no control plane, not a member, no sidecars. */
export function notInMeshStatus(ns = 'user2-sockshop'): MeshStatus {
  const services = SOCKSHOP_SERVICES.map(name => ({
    name,
    workloads: [
      workload(name, {
        podsWithSidecar: 0,
        sidecar: 'not-in-mesh',
        proxyVersion: undefined,
        injectionRequested: false,
      }),
    ],
    routes: [],
    subsets: [],
  }));
  return withFindings({
    ...base(
      { kind: 'system', namespace: 'default', name: 'sockshop' },
      services,
    ),
    namespace: ns,
    controlPlane: undefined,
    membership: { namespace: ns, member: false, via: 'none' },
    links: {},
    sources: {
      kubernetes: { state: 'ok' },
      kiali: { state: 'not-configured' },
      prometheus: { state: 'not-configured' },
    },
  });
}

/** A namespace with `count` services, to check that large namespaces render. */
export function manyServicesStatus(count: number): MeshStatus {
  const services = Array.from({ length: count }, (_, i) =>
    i === 0 ? frontEnd() : plainService(`service-${i}`, i % 20),
  );
  return withFindings(
    base({ kind: 'system', namespace: 'default', name: 'big' }, services),
  );
}
