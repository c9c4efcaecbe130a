import {
  ControlPlaneObjects,
  KubeObject,
  NamespaceObjects,
} from '../kubeObjects';

const ns = 'user1-sockshop';

export function deployment(
  name: string,
  labels: Record<string, string>,
  options: { inject?: boolean; replicas?: number } = {},
): KubeObject {
  return {
    metadata: { name, namespace: ns, generation: 2 },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels,
          annotations:
            options.inject === false
              ? {}
              : { 'sidecar.istio.io/inject': 'true' },
        },
      },
    },
    status: {
      observedGeneration: 2,
      replicas: options.replicas ?? 1,
      updatedReplicas: options.replicas ?? 1,
      readyReplicas: options.replicas ?? 1,
    },
  };
}

export function pod(
  name: string,
  labels: Record<string, string>,
  options: { sidecar?: boolean; ready?: boolean } = {},
): KubeObject {
  const sidecar = options.sidecar ?? true;
  return {
    metadata: {
      name,
      namespace: ns,
      labels,
      annotations: sidecar
        ? { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' }
        : {},
    },
    spec: {
      containers: [
        { name: 'app', image: 'weaveworksdemos/app:0.4.8' },
        ...(sidecar
          ? [
              {
                name: 'istio-proxy',
                image:
                  'registry.redhat.io/openshift-service-mesh/proxyv2-rhel8:2.5.2',
              },
            ]
          : []),
      ],
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Ready', status: options.ready === false ? 'False' : 'True' },
      ],
    },
  };
}

export const service = (
  name: string,
  selector: Record<string, string>,
): KubeObject => ({
  metadata: { name, namespace: ns },
  spec: { selector, ports: [{ port: 80 }] },
});

export function canaryVirtualService(
  weights: [number, number],
  subsets: [string, string] = ['v1', 'v2'],
): KubeObject {
  return {
    metadata: { name: 'front-end-virtualservice', namespace: ns },
    spec: {
      hosts: ['front-end-user1-sockshop.apps.example.com'],
      gateways: ['sockshop-wildcard-gateway'],
      http: [
        {
          route: [
            {
              destination: {
                host: `front-end.${ns}.svc.cluster.local`,
                subset: subsets[0],
                port: { number: 80 },
              },
              weight: weights[0],
            },
            {
              destination: {
                host: `front-end.${ns}.svc.cluster.local`,
                subset: subsets[1],
                port: { number: 80 },
              },
              weight: weights[1],
            },
          ],
        },
      ],
    },
  };
}

export const frontEndSubsets: KubeObject = {
  metadata: { name: 'front-end', namespace: ns },
  spec: {
    host: `front-end.${ns}.svc.cluster.local`,
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
};

export const cartsCircuitBreaker: KubeObject = {
  metadata: { name: 'carts', namespace: ns },
  spec: {
    host: 'carts',
    trafficPolicy: {
      outlierDetection: {
        consecutive5xxErrors: 1,
        interval: '1s',
        baseEjectionTime: '3m',
        maxEjectionPercent: 100,
      },
    },
  },
};

/** The guide's end state: SockShop's front-end and carts in the mesh with an 80/20 canary. */
export function meshedNamespace(): NamespaceObjects {
  return {
    namespace: {
      metadata: {
        name: ns,
        labels: { 'maistra.io/member-of': 'user1-istio-system' },
      },
    },
    deployments: [
      deployment('front-end', {
        name: 'front-end',
        app: 'front-end',
        version: 'v1',
      }),
      deployment('front-end-v2', {
        name: 'front-end',
        app: 'front-end',
        version: 'v2',
      }),
      deployment(
        'carts',
        { name: 'carts', app: 'carts', version: 'v1' },
        { replicas: 2 },
      ),
    ],
    pods: [
      pod('front-end-abc-1', {
        name: 'front-end',
        app: 'front-end',
        version: 'v1',
      }),
      pod('front-end-v2-abc-1', {
        name: 'front-end',
        app: 'front-end',
        version: 'v2',
      }),
      pod('carts-abc-1', { name: 'carts', app: 'carts', version: 'v1' }),
      pod('carts-abc-2', { name: 'carts', app: 'carts', version: 'v1' }),
    ],
    services: [
      service('front-end', { name: 'front-end' }),
      service('carts', { name: 'carts' }),
    ],
    virtualServices: [canaryVirtualService([80, 20])],
    destinationRules: [frontEndSubsets, cartsCircuitBreaker],
    flaggerCanaries: [],
    argoRollouts: [],
    gateways: [
      {
        metadata: { name: 'sockshop-wildcard-gateway', namespace: ns },
        spec: { selector: { istio: 'ingressgateway' } },
      },
    ],
  };
}

export const readyControlPlane: ControlPlaneObjects = {
  flavour: 'maistra',
  object: {
    metadata: { name: 'basic-install', namespace: 'user1-istio-system' },
    spec: { version: 'v1.1' },
    status: {
      conditions: [
        { type: 'Ready', status: 'True', reason: 'ComponentsReady' },
      ],
      readiness: {
        components: {
          ready: ['istio-pilot', 'kiali'],
          pending: [],
          unready: ['grafana'],
        },
      },
    },
  },
  deployments: [],
};
