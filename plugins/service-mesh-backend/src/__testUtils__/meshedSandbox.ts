import {
  K8sObject,
  Sandbox,
  SandboxContext,
  kinds,
  startSandbox,
} from '@internal/mesh-sandbox';
import { warmOssm3Kinds } from './warmKinds';

const ns = 'user1-sockshop';
const cp = 'user1-istio-system';

/**
 * A Deployment whose pods carry the Envoy sidecar as the injector leaves them
 * (the container and the status annotation in the template itself), so no
 * webhook is needed; Kubernetes' controllers and kwok run its pod.
 */
function workload(
  name: string,
  labels: Record<string, string>,
  sidecar = true,
): K8sObject {
  const image = `weaveworksdemos/${labels.name}:0.4.8`;
  return {
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels,
          annotations: {
            'sidecar.istio.io/inject': 'true',
            ...(sidecar
              ? { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' }
              : {}),
          },
        },
        spec: {
          containers: [
            { name, image },
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
      },
    },
  };
}

const service = (name: string): K8sObject => ({
  metadata: { name, namespace: ns },
  spec: { selector: { name }, ports: [{ port: 80 }] },
});

/** Adds a plain meshed service (Deployment and Service), e.g. to grow the namespace. */
export async function addService(
  sandbox: Pick<Sandbox, 'client'>,
  name: string,
) {
  await sandbox.client.create(
    kinds.deployments,
    workload(name, { name, app: name, version: 'v1' }),
  );
  await sandbox.client.create(kinds.services, service(name));
}

async function seed({ client }: SandboxContext) {
  await client.create(kinds.namespaces, { metadata: { name: cp } });
  await client.create(kinds.namespaces, {
    metadata: { name: ns, labels: { 'maistra.io/member-of': cp } },
  });
  await client.create(kinds.controlPlanes, {
    metadata: { name: 'basic-install', namespace: cp },
    spec: { version: 'v2.5' },
  });
  await client.applyStatus(
    kinds.controlPlanes,
    cp,
    'basic-install',
    {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ComponentsReady',
          message: 'All component deployments are Available',
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      ],
      readiness: {
        components: {
          ready: ['istio-discovery', 'istio-ingress', 'kiali', 'prometheus'],
          pending: [],
          unready: [],
        },
      },
      chartVersion: '2.5.0',
    },
    { fieldManager: 'istio-operator' },
  );
  await client.create(
    kinds.deployments,
    workload('front-end', {
      name: 'front-end',
      app: 'front-end',
      version: 'v1',
    }),
  );
  await client.create(
    kinds.deployments,
    workload('front-end-v2', {
      name: 'front-end',
      app: 'front-end',
      version: 'v2',
    }),
  );
  await client.create(kinds.services, service('front-end'));
  await addService({ client }, 'carts');
  const host = `front-end.${ns}.svc.cluster.local`;
  await client.create(kinds.gateways, {
    metadata: { name: 'sockshop-wildcard-gateway', namespace: ns },
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
  await client.create(
    kinds.virtualServices,
    {
      metadata: { name: 'front-end-virtualservice', namespace: ns },
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
  await client.create(kinds.destinationRules, {
    metadata: { name: 'front-end', namespace: ns },
    spec: {
      host,
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    },
  });
  await client.create(kinds.destinationRules, {
    metadata: { name: 'carts', namespace: ns },
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
}

/**
 * The local cluster holding the guide's end state for front-end and carts,
 * written straight into the API (no simulated operators; Kubernetes' own
 * controllers run the pods): member namespace, ready control plane, sidecars,
 * 80/20 canary, carts circuit breaker. Resolves once every pod is Ready.
 */
export async function startMeshedSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox({ seed });
  await sandbox.settle();
  await warmOssm3Kinds(sandbox);
  return sandbox;
}
