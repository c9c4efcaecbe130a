import {
  ControlPlaneObjects,
  KubeObject,
  NamespaceObjects,
} from '../kubeObjects';

export const ambientNs = 'shop-ambient';

function workload(name: string, labels: Record<string, string>): KubeObject {
  return {
    metadata: { name, namespace: ambientNs, generation: 1 },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels } },
    },
    status: {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
    },
  };
}

export function ambientPod(
  name: string,
  labels: Record<string, string>,
  ready = true,
): KubeObject {
  return {
    metadata: { name, namespace: ambientNs, labels },
    spec: { containers: [{ name: 'web', image: 'example/web:1.0' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

export const ambientService = (
  name: string,
  selector: Record<string, string>,
  labels?: Record<string, string>,
): KubeObject => ({
  metadata: { name, namespace: ambientNs, ...(labels ? { labels } : {}) },
  spec: { selector, ports: [{ port: 8080 }] },
});

/** An HTTPRoute splitting `web` between its per-version Services, bound to the mesh Service (GAMMA). */
export function webHttpRoute(
  backends: { name: string; weight?: number }[] = [
    { name: 'web-v1', weight: 80 },
    { name: 'web-v2', weight: 20 },
  ],
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web-canary', namespace: ambientNs },
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name: 'web', port: 8080 }],
      rules: [
        {
          backendRefs: backends.map(b => ({
            name: b.name,
            port: 8080,
            ...(b.weight === undefined ? {} : { weight: b.weight }),
          })),
        },
      ],
    },
  };
}

/** A Sail-managed ambient namespace: `web` v1 and v2 behind per-version Services, split 80/20 by an HTTPRoute. */
export function ambientNamespace(
  namespaceLabels: Record<string, string> = {
    'istio.io/rev': 'default',
    'istio.io/dataplane-mode': 'ambient',
  },
): NamespaceObjects {
  const v1 = { app: 'web', version: 'v1' };
  const v2 = { app: 'web', version: 'v2' };
  return {
    namespace: { metadata: { name: ambientNs, labels: namespaceLabels } },
    deployments: [workload('web-v1', v1), workload('web-v2', v2)],
    pods: [ambientPod('web-v1-a', v1), ambientPod('web-v2-a', v2)],
    services: [
      ambientService('web', { app: 'web' }),
      ambientService('web-v1', v1),
      ambientService('web-v2', v2),
    ],
    virtualServices: [],
    destinationRules: [],
    gateways: [],
    flaggerCanaries: [],
    argoRollouts: [],
    httpRoutes: [webHttpRoute()],
    authorizationPolicies: [],
  };
}

export function sailIstio(state = 'Healthy', name = 'default'): KubeObject {
  const healthy = state === 'Healthy';
  return {
    apiVersion: 'sailoperator.io/v1',
    kind: 'Istio',
    metadata: { name },
    spec: {
      namespace: 'istio-system',
      version: 'v1.30.3',
      profile: 'ambient',
      updateStrategy: { type: 'InPlace' },
    },
    status: {
      state,
      activeRevisionName: name,
      revisions: { total: 1, ready: healthy ? 1 : 0, inUse: 1 },
      conditions: [
        { type: 'Reconciled', status: 'True' },
        {
          type: 'Ready',
          status: healthy ? 'True' : 'False',
          ...(healthy
            ? {}
            : { reason: 'IstiodNotReady', message: 'istiod is not ready' }),
        },
        { type: 'DependenciesHealthy', status: 'True' },
      ],
    },
  };
}

export const sailControlPlane = (state = 'Healthy'): ControlPlaneObjects => ({
  flavour: 'sail',
  object: sailIstio(state),
  revision: 'default',
  deployments: [],
});
