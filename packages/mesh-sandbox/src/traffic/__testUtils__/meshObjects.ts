import { randomUUID } from 'node:crypto';
import { SandboxContext } from '../../context';
import { allOperatorCrds } from '../../k8s/operatorCrds';
import { K8sObject } from '../../k8s/types';

export const SOCKSHOP = 'user1-sockshop';
export const CONTROL_PLANE = 'user1-istio-system';
export const APPS_DOMAIN = 'apps.sandbox.local';
export const FRONT_END_HOST = `front-end-${SOCKSHOP}.${APPS_DOMAIN}`;

const types = {
  Namespace: ['', 'namespaces'],
  Pod: ['', 'pods'],
  Service: ['', 'services'],
  Route: ['route.openshift.io', 'routes'],
  NetworkPolicy: ['networking.k8s.io', 'networkpolicies'],
  Gateway: ['networking.istio.io', 'gateways'],
  VirtualService: ['networking.istio.io', 'virtualservices'],
  DestinationRule: ['networking.istio.io', 'destinationrules'],
  ServiceMeshControlPlane: ['maistra.io', 'servicemeshcontrolplanes'],
} as const;

/** Writes objects through the API the way a seed does (kind picks the resource). */
export function createAll(context: SandboxContext, objects: K8sObject[]) {
  const { api } = context;
  const crds = api.type('apiextensions.k8s.io', 'customresourcedefinitions');
  for (const crd of allOperatorCrds) {
    if (!api.tryGet(crds, undefined, crd.metadata.name!))
      api.create(crds, undefined, crd);
  }
  for (const object of objects) {
    const [group, plural] = types[object.kind as keyof typeof types];
    const type = api.type(group, plural);
    api.create(type, object.metadata.namespace, object);
  }
}

export const namespace = (
  name: string,
  labels: Record<string, string> = {},
) => ({
  kind: 'Namespace',
  metadata: { name, labels },
});

export interface PodOptions {
  namespace?: string;
  app: string;
  version?: string;
  /** The Deployment name (default: the app, or app-version for v2+). */
  workload?: string;
  ready?: boolean;
  meshed?: boolean;
  index?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A pod as a Deployment's ReplicaSet (and, when meshed, Maistra's injector) leaves it. */
export function pod(options: PodOptions): K8sObject {
  const version = options.version ?? 'v1';
  const workload =
    options.workload ??
    (version === 'v1' ? options.app : `${options.app}-${version}`);
  const hash = 'abc12';
  const ready = options.ready ?? true;
  const meshed = options.meshed ?? false;
  const containers = [
    { name: options.app, image: `weaveworksdemos/${options.app}:0.4.8` },
    ...(meshed
      ? [{ name: 'istio-proxy', image: 'maistra/proxyv2-ubi8:2.5' }]
      : []),
  ];
  return {
    kind: 'Pod',
    metadata: {
      name: `${workload}-${hash}-p${options.index ?? 0}`,
      namespace: options.namespace ?? SOCKSHOP,
      labels: {
        name: options.app,
        app: options.app,
        version,
        'pod-template-hash': hash,
        ...(meshed
          ? {
              'security.istio.io/tlsMode': 'istio',
              'service.istio.io/canonical-name': options.app,
              'service.istio.io/canonical-revision': version,
            }
          : {}),
        ...options.labels,
      },
      annotations: {
        ...(meshed
          ? {
              'sidecar.istio.io/status': JSON.stringify({
                initContainers: null,
                containers: ['istio-proxy'],
                volumes: ['istio-envoy'],
                imagePullSecrets: null,
                revision: 'basic',
              }),
            }
          : {}),
        ...options.annotations,
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${workload}-${hash}`,
          uid: randomUUID(),
          controller: true,
        },
      ],
    },
    spec: { containers },
    status: {
      phase: ready ? 'Running' : 'Pending',
      containerStatuses: containers.map(c => ({ name: c.name, ready })),
    },
  };
}

export const service = (name: string, ns = SOCKSHOP, selector = { name }) => ({
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 8079 }] },
});

export const route = (name: string, ns: string, host: string, to: string) => ({
  kind: 'Route',
  metadata: { name, namespace: ns },
  spec: {
    host,
    to: { kind: 'Service', name: to, weight: 100 },
    port: { targetPort: 8080 },
  },
});

/** What Maistra's member roll controller adds to a member namespace. */
export const memberPolicies = (ns: string, controlPlane: string) => [
  {
    kind: 'NetworkPolicy',
    metadata: { name: 'istio-mesh', namespace: ns },
    spec: {
      podSelector: {},
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'maistra.io/member-of': controlPlane },
              },
            },
          ],
        },
      ],
    },
  },
  {
    kind: 'NetworkPolicy',
    metadata: { name: 'istio-expose-route', namespace: ns },
    spec: {
      podSelector: { matchLabels: { 'maistra.io/expose-route': 'true' } },
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'network.openshift.io/policy-group': 'ingress' },
              },
            },
          ],
        },
      ],
    },
  },
];

/** The control plane's pieces traffic needs: the SMCP and the ingress gateway. */
export const controlPlane = (ns = CONTROL_PLANE) => [
  namespace(ns),
  {
    kind: 'ServiceMeshControlPlane',
    metadata: { name: 'basic', namespace: ns },
    spec: { version: 'v2.5' },
  },
  service('istio-ingressgateway', ns, { istio: 'ingressgateway' } as any),
  pod({
    namespace: ns,
    app: 'istio-ingressgateway',
    version: 'latest',
    workload: 'istio-ingressgateway',
    labels: { istio: 'ingressgateway', name: 'istio-ingressgateway' },
  }),
];

export const wildcardGateway = (ns = SOCKSHOP) => ({
  kind: 'Gateway',
  metadata: { name: 'sockshop-wildcard-gateway', namespace: ns },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      {
        port: { number: 80, name: 'http', protocol: 'HTTP' },
        hosts: [`*.${APPS_DOMAIN}`],
      },
    ],
  },
});

export const frontEndVirtualService = (
  destinations: { subset?: string; weight?: number }[] = [{}],
  ns = SOCKSHOP,
) => ({
  kind: 'VirtualService',
  metadata: { name: 'front-end-virtualservice', namespace: ns },
  spec: {
    hosts: [FRONT_END_HOST],
    gateways: ['sockshop-wildcard-gateway'],
    http: [
      {
        route: destinations.map(d => ({
          destination: {
            host: `front-end.${ns}.svc.cluster.local`,
            port: { number: 80 },
            ...(d.subset ? { subset: d.subset } : {}),
          },
          ...(d.weight !== undefined ? { weight: d.weight } : {}),
        })),
      },
    ],
  },
});

export const versionSubsets = (
  host: string,
  ns = SOCKSHOP,
  trafficPolicy?: any,
) => ({
  kind: 'DestinationRule',
  metadata: { name: host, namespace: ns },
  spec: {
    host: `${host}.${ns}.svc.cluster.local`,
    ...(trafficPolicy ? { trafficPolicy } : {}),
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
});

/** The guide's end state: SockShop meshed, entered through the gateway, 80/20 canary. */
export function meshedCanary(extra: { meshed?: boolean } = {}): K8sObject[] {
  const meshed = extra.meshed ?? true;
  const apps = [
    'front-end',
    'catalogue',
    'catalogue-db',
    'carts',
    'carts-db',
    'user',
    'user-db',
    'orders',
    'orders-db',
    'payment',
    'shipping',
    'rabbitmq',
    'queue-master',
  ];
  return [
    ...controlPlane(),
    namespace(SOCKSHOP, { 'maistra.io/member-of': CONTROL_PLANE }),
    ...memberPolicies(SOCKSHOP, CONTROL_PLANE),
    ...apps.map(app => service(app)),
    ...apps.map(app => pod({ app, meshed })),
    pod({ app: 'front-end', version: 'v2', meshed }),
    route(
      'front-end-service-gateway',
      CONTROL_PLANE,
      FRONT_END_HOST,
      'istio-ingressgateway',
    ),
    wildcardGateway(),
    versionSubsets('front-end'),
    frontEndVirtualService([
      { subset: 'v1', weight: 80 },
      { subset: 'v2', weight: 20 },
    ]),
  ] as K8sObject[];
}
