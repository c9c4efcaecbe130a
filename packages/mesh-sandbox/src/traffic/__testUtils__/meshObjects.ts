import { Kind, kinds } from '../../client/kinds';
import { SandboxContext } from '../../context';
import { K8sObject } from '../../k8s/types';
import { Sandbox } from '../../sandbox';
import { eventually } from '../../__testUtils__/eventually';
import { isReady } from '../podFacts';

export const SOCKSHOP = 'user1-sockshop';
export const CONTROL_PLANE = 'user1-istio-system';
export const APPS_DOMAIN = 'apps.sandbox.local';
export const FRONT_END_HOST = `front-end-${SOCKSHOP}.${APPS_DOMAIN}`;

const kindOf: Record<string, Kind> = {
  Namespace: kinds.namespaces,
  Deployment: kinds.deployments,
  Service: kinds.services,
  Route: kinds.routes,
  NetworkPolicy: kinds.networkPolicies,
  Gateway: kinds.gateways,
  VirtualService: kinds.virtualServices,
  DestinationRule: kinds.destinationRules,
  ServiceMeshControlPlane: kinds.controlPlanes,
};

/** Creates the objects through the real API server, namespaces first (the kind picks the resource). */
export async function createAll(
  context: Pick<SandboxContext, 'client'>,
  objects: K8sObject[],
): Promise<void> {
  const create = (object: K8sObject) => {
    const kind = kindOf[object.kind!];
    if (!kind) throw new Error(`no kind ${object.kind} in the test objects`);
    const { kind: _kind, ...body } = object;
    return context.client.create(kind, body as K8sObject);
  };
  const namespaces = objects.filter(o => o.kind === 'Namespace');
  await Promise.all(namespaces.map(create));
  await Promise.all(objects.filter(o => o.kind !== 'Namespace').map(create));
}

/**
 * Waits until every Deployment has rolled out and the simulators' cache sees
 * every pod Ready: what the traffic model routes to.
 */
export async function untilRolledOut(sandbox: Sandbox): Promise<void> {
  await sandbox.settle();
  await eventually(() => {
    const pods = sandbox.cache.list('', 'pods');
    const waiting = pods.filter(pod => !isReady(pod)).map(p => p.metadata.name);
    if (pods.length === 0 || waiting.length > 0)
      throw new Error(
        `pods not ready yet: ${waiting.join(', ') || 'none seen'}`,
      );
  });
}

/** A pod name as a Deployment's ReplicaSet makes it: `<deployment>-<hash>-<5 chars>`. */
export const podNameOf = (deployment: string) =>
  new RegExp(`^${deployment}-[a-z0-9]{6,10}-[a-z0-9]{5}$`);

/**
 * What a failing readiness probe makes of a running pod: still Running, its
 * containers not ready (the kubelet's status, here written as kwok would).
 * kwok leaves a Running pod's status alone, so it stays that way.
 */
export async function makeUnready(
  sandbox: Sandbox,
  namespace: string,
  labelSelector: string,
): Promise<string[]> {
  const pods = (
    await sandbox.client.list(kinds.pods, namespace, { labelSelector })
  ).items;
  for (const pod of pods) {
    const notReady = (type: string) => ({
      type,
      status: 'False',
      reason: type === 'Ready' ? 'ContainersNotReady' : undefined,
      lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    await sandbox.client.mergePatch(
      kinds.pods,
      namespace,
      pod.metadata.name!,
      {
        status: {
          conditions: [
            ...(pod.status?.conditions ?? []).filter(
              (c: any) => c.type !== 'Ready' && c.type !== 'ContainersReady',
            ),
            notReady('Ready'),
            notReady('ContainersReady'),
          ],
          containerStatuses: (pod.status?.containerStatuses ?? []).map(
            (c: any) => ({ ...c, ready: false }),
          ),
        },
      },
      { subresource: 'status', fieldManager: 'kwok' },
    );
  }
  return pods.map(p => p.metadata.name!);
}

export const namespace = (
  name: string,
  labels: Record<string, string> = {},
) => ({
  kind: 'Namespace',
  metadata: { name, labels },
});

export interface WorkloadOptions {
  namespace?: string;
  app: string;
  version?: string;
  /** The Deployment name (default: the app, or app-version for v2+). */
  workload?: string;
  replicas?: number;
  meshed?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * A Deployment whose pods look as they do once running, meshed ones as
 * Maistra's injector leaves them (istio-proxy container, sidecar status
 * annotation, Istio's labels), without an injector running. Kubernetes'
 * controllers make its ReplicaSet and pods, kwok makes them Running and Ready.
 */
export function workload(options: WorkloadOptions): K8sObject {
  const version = options.version ?? 'v1';
  const name =
    options.workload ??
    (version === 'v1' ? options.app : `${options.app}-${version}`);
  const meshed = options.meshed ?? false;
  const containers = [
    { name: options.app, image: `weaveworksdemos/${options.app}:0.4.8` },
    ...(meshed
      ? [{ name: 'istio-proxy', image: 'maistra/proxyv2-ubi8:2.5' }]
      : []),
  ];
  const selector = { name: options.app, version, workload: name };
  return {
    kind: 'Deployment',
    metadata: {
      name,
      namespace: options.namespace ?? SOCKSHOP,
      labels: { name: options.app },
    },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: {
            ...selector,
            app: options.app,
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
        },
        spec: { containers },
      },
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
  workload({
    namespace: ns,
    app: 'istio-ingressgateway',
    version: 'latest',
    workload: 'istio-ingressgateway',
    labels: { istio: 'ingressgateway' },
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
    ...apps.map(app => workload({ app, meshed })),
    workload({ app: 'front-end', version: 'v2', meshed }),
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
