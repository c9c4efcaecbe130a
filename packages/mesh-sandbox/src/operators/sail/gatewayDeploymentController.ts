import { kinds } from '../../client/kinds';
import { Controller, SandboxContext } from '../../context';
import { K8sObject } from '../../k8s/types';
import { deploymentReady } from '../controlPlaneStatus';
import {
  Condition,
  ensureObject,
  ensureStatus,
  logFailure,
  nextConditions,
  ownerReference,
} from '../objects';

export const gatewayNameLabel = 'gateway.networking.k8s.io/gateway-name';
const gatewayApiVersion = 'gateway.networking.k8s.io/v1';
const istiodManager = 'istio.io/gateway-controller';
const proxyImage =
  'registry.redhat.io/openshift-service-mesh/istio-proxyv2-rhel9:1.30.3';

/** The classes istiod serves, and the suffix of what it deploys: `<gateway>-istio`, a waypoint as `<gateway>`. */
const classes: Record<string, string> = {
  istio: '-istio',
  'istio-waypoint': '',
};

export const gatewayDeploymentName = (gateway: K8sObject) =>
  `${gateway.metadata.name}${classes[gateway.spec?.gatewayClassName] ?? ''}`;

function metadataOf(gateway: K8sObject) {
  return {
    name: gatewayDeploymentName(gateway),
    namespace: gateway.metadata.namespace,
    labels: {
      [gatewayNameLabel]: gateway.metadata.name!,
      'gateway.istio.io/managed': 'istio.io-gateway-controller',
    },
    ownerReferences: [ownerReference(gateway, gatewayApiVersion, 'Gateway')],
  };
}

const podLabels = (gateway: K8sObject) => ({
  [gatewayNameLabel]: gateway.metadata.name!,
  'istio.io/gateway-name': gateway.metadata.name!,
  'service.istio.io/canonical-name': gatewayDeploymentName(gateway),
  'service.istio.io/canonical-revision': 'latest',
});

const listenerPorts = (gateway: K8sObject) => [
  ...new Set(
    ((gateway.spec?.listeners ?? []) as any[]).map(l => Number(l.port)),
  ),
];

/** As istiod's gateway template: the pod names the revision that programs it (the namespace's, else `default`). */
function gatewayDeployment(gateway: K8sObject, revision: string): K8sObject {
  const labels = podLabels(gateway);
  return {
    metadata: metadataOf(gateway),
    spec: {
      replicas: 1,
      selector: { matchLabels: { [gatewayNameLabel]: gateway.metadata.name! } },
      template: {
        metadata: {
          labels: { ...labels, 'sidecar.istio.io/inject': 'false' },
          annotations: { 'istio.io/rev': revision },
        },
        spec: {
          serviceAccountName: gatewayDeploymentName(gateway),
          containers: [
            {
              name: 'istio-proxy',
              image: proxyImage,
              ports: [
                {
                  name: 'http-envoy-prom',
                  containerPort: 15090,
                  protocol: 'TCP',
                },
              ],
            },
          ],
        },
      },
    },
  };
}

/** A ClusterIP Service (istiod makes a LoadBalancer, which nothing here would fulfil). */
function gatewayService(gateway: K8sObject): K8sObject {
  return {
    metadata: metadataOf(gateway),
    spec: {
      selector: { [gatewayNameLabel]: gateway.metadata.name! },
      ports: [
        {
          name: 'status-port',
          port: 15021,
          targetPort: 15021,
          protocol: 'TCP',
        },
        ...listenerPorts(gateway).map(port => ({
          name: `port-${port}`,
          port,
          targetPort: port,
          protocol: 'TCP',
        })),
      ],
    },
  };
}

function gatewayStatus(gateway: K8sObject, programmed: boolean) {
  const service = gatewayDeploymentName(gateway);
  const conditions: Condition[] = [
    {
      type: 'Accepted',
      status: 'True',
      reason: 'Accepted',
      message: 'Resource accepted',
      observedGeneration: gateway.metadata.generation,
    },
    {
      type: 'Programmed',
      status: programmed ? 'True' : 'False',
      reason: programmed ? 'Programmed' : 'NoResources',
      message: programmed
        ? 'Resource programmed, assigned to service(s)'
        : 'Deployment is not ready',
      observedGeneration: gateway.metadata.generation,
    },
  ];
  return {
    addresses: [
      {
        type: 'Hostname',
        value: `${service}.${gateway.metadata.namespace}.svc.cluster.local`,
      },
    ],
    conditions: nextConditions(gateway.status?.conditions, conditions),
  };
}

/**
 * istiod's Gateway API deployment controller: a Gateway of class `istio`
 * (or `istio-waypoint`) gets an Envoy Deployment and Service of its own,
 * owned by the Gateway, and Accepted/Programmed conditions.
 */
export const gatewayDeploymentController: Controller = {
  name: 'istio-gateway-deployment-controller',
  start(context: SandboxContext) {
    const { client, cache, scheduler, log } = context;
    const enqueue = (namespace: string, name: string) =>
      scheduler.enqueue(`gateway-api/${namespace}/${name}`, () =>
        reconcile(namespace, name).catch(
          logFailure(log, `Gateway ${namespace}/${name}`),
        ),
      );

    async function reconcile(namespace: string, name: string) {
      const gateway = cache.get(
        'gateway.networking.k8s.io',
        'gateways',
        namespace,
        name,
      );
      if (!gateway || gateway.metadata.deletionTimestamp) return;
      if (!(gateway.spec?.gatewayClassName in classes)) return;
      await ensureObject(
        client,
        cache,
        kinds.serviceAccounts,
        { metadata: metadataOf(gateway) },
        istiodManager,
      );
      await ensureObject(
        client,
        cache,
        kinds.services,
        gatewayService(gateway),
        istiodManager,
      );
      await ensureObject(
        client,
        cache,
        kinds.deployments,
        gatewayDeployment(
          gateway,
          cache.get('', 'namespaces', undefined, namespace)?.metadata.labels?.[
            'istio.io/rev'
          ] ?? 'default',
        ),
        istiodManager,
      );
      const live = cache.get(
        'apps',
        'deployments',
        namespace,
        gatewayDeploymentName(gateway),
      );
      await ensureStatus(
        client,
        cache,
        kinds.gatewayApiGateways,
        gateway,
        gatewayStatus(gateway, deploymentReady(live)),
        istiodManager,
      );
    }

    return cache.watch(
      ['gateway.networking.k8s.io/gateways', 'apps/deployments'],
      ({ kind, object }) => {
        const ns = object.metadata.namespace!;
        if (kind.plural === 'gateways') enqueue(ns, object.metadata.name!);
        const gateway = object.metadata.labels?.[gatewayNameLabel];
        if (kind.plural === 'deployments' && gateway) enqueue(ns, gateway);
      },
    );
  },
};
