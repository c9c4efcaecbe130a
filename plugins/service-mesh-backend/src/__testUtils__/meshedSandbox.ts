import {
  allOperatorCrds,
  Sandbox,
  SandboxContext,
  startSandbox,
} from '@internal/mesh-sandbox';

const ns = 'user1-sockshop';
const cp = 'user1-istio-system';

function workload(
  api: SandboxContext['api'],
  name: string,
  labels: Record<string, string>,
  sidecar = true,
) {
  const deployments = api.type('apps', 'deployments');
  api.create(deployments, ns, {
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels,
          annotations: { 'sidecar.istio.io/inject': 'true' },
        },
        spec: {
          containers: [{ name, image: `weaveworksdemos/${labels.name}:0.4.8` }],
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
    },
  });
  api.create(api.type('', 'pods'), ns, {
    metadata: {
      name: `${name}-7d9f8-abcde`,
      labels,
      annotations: sidecar
        ? { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' }
        : {},
    },
    spec: {
      containers: [
        { name, image: `weaveworksdemos/${labels.name}:0.4.8` },
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
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  });
}

/** Adds a plain meshed service (Deployment, Pod, Service), e.g. to grow the namespace. */
export function addService(api: SandboxContext['api'], name: string) {
  workload(api, name, { name, app: name, version: 'v1' });
  api.create(api.type('', 'services'), ns, {
    metadata: { name },
    spec: { selector: { name }, ports: [{ port: 80 }] },
  });
}

/**
 * A sandbox holding the guide's end state for front-end and carts, written
 * straight into the API (no simulated operators): member namespace, ready
 * control plane, sidecars, 80/20 canary, carts circuit breaker.
 */
export function startMeshedSandbox(): Promise<Sandbox> {
  return startSandbox({
    seed: ({ api }) => {
      const crds = api.type(
        'apiextensions.k8s.io',
        'customresourcedefinitions',
      );
      allOperatorCrds.forEach(crd => api.create(crds, undefined, crd));
      const namespaces = api.type('', 'namespaces');
      api.create(namespaces, undefined, { metadata: { name: cp } });
      api.create(namespaces, undefined, {
        metadata: { name: ns, labels: { 'maistra.io/member-of': cp } },
      });
      const smcps = api.type('maistra.io', 'servicemeshcontrolplanes');
      api.create(smcps, cp, {
        metadata: { name: 'basic-install' },
        spec: { version: 'v2.5' },
      });
      api.updateStatus(
        smcps,
        cp,
        'basic-install',
        {
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'ComponentsReady',
              message: 'All component deployments are Available',
            },
          ],
          readiness: {
            components: {
              ready: [
                'istio-discovery',
                'istio-ingress',
                'kiali',
                'prometheus',
              ],
              pending: [],
              unready: [],
            },
          },
          chartVersion: '2.5.0',
        },
        'istio-operator',
      );
      workload(api, 'front-end', {
        name: 'front-end',
        app: 'front-end',
        version: 'v1',
      });
      workload(api, 'front-end-v2', {
        name: 'front-end',
        app: 'front-end',
        version: 'v2',
      });
      api.create(api.type('', 'services'), ns, {
        metadata: { name: 'front-end' },
        spec: { selector: { name: 'front-end' }, ports: [{ port: 80 }] },
      });
      addService(api, 'carts');
      const host = `front-end.${ns}.svc.cluster.local`;
      api.create(api.type('networking.istio.io', 'gateways'), ns, {
        metadata: { name: 'sockshop-wildcard-gateway' },
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: [
            {
              port: { number: 80, name: 'http', protocol: 'HTTP' },
              hosts: ['*.apps.example.com'],
            },
          ],
        },
      });
      api.create(
        api.type('networking.istio.io', 'virtualservices'),
        ns,
        {
          metadata: { name: 'front-end-virtualservice' },
          spec: {
            hosts: ['front-end-user1-sockshop.apps.example.com'],
            gateways: ['sockshop-wildcard-gateway'],
            http: [
              {
                route: [
                  {
                    destination: { host, subset: 'v1', port: { number: 80 } },
                    weight: 80,
                  },
                  {
                    destination: { host, subset: 'v2', port: { number: 80 } },
                    weight: 20,
                  },
                ],
              },
            ],
          },
        },
        { fieldManager: 'backstage-service-mesh' },
      );
      api.create(api.type('networking.istio.io', 'destinationrules'), ns, {
        metadata: { name: 'front-end' },
        spec: {
          host,
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            { name: 'v2', labels: { version: 'v2' } },
          ],
        },
      });
      api.create(api.type('networking.istio.io', 'destinationrules'), ns, {
        metadata: { name: 'carts' },
        spec: {
          host: 'carts',
          trafficPolicy: {
            outlierDetection: {
              consecutive5xxErrors: 1,
              interval: '1s',
              baseEjectionTime: '3m',
            },
          },
        },
      });
    },
  });
}
