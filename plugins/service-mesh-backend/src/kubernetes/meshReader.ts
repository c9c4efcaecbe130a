import * as k8s from '@kubernetes/client-node';
import {
  ISTIO_INJECTION_LABEL,
  MAISTRA_MEMBER_OF_LABEL,
} from '@service-mesh/plugin-service-mesh-common';
import {
  ControlPlaneObjects,
  KubeObject,
  NamespaceObjects,
} from '../status/kubeObjects';

const ISTIO_NETWORKING = { group: 'networking.istio.io', version: 'v1beta1' };
const MAISTRA = 'maistra.io';

const notServed = (error: unknown) => (error as any)?.code === 404;
const notAllowed = (error: unknown) => (error as any)?.code === 403;

/** A list of a kind that may not be installed: a 404 (no CRD) is an empty list. */
async function optionalList(list: () => Promise<any>): Promise<KubeObject[]> {
  try {
    return ((await list()).items ?? []) as KubeObject[];
  } catch (error) {
    if (notServed(error)) return [];
    throw error;
  }
}

/**
 * Reads what a mesh status needs from one cluster: a fixed number of
 * namespace-scoped requests, made in parallel, whatever the number of services.
 */
export class MeshReader {
  private readonly core: k8s.CoreV1Api;
  private readonly apps: k8s.AppsV1Api;
  private readonly custom: k8s.CustomObjectsApi;

  constructor(kc: k8s.KubeConfig) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.apps = kc.makeApiClient(k8s.AppsV1Api);
    this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
  }

  async readNamespace(namespace: string): Promise<NamespaceObjects> {
    const istio = (plural: string) =>
      optionalList(() =>
        this.custom.listNamespacedCustomObject({
          ...ISTIO_NETWORKING,
          namespace,
          plural,
        }),
      );
    const [
      ns,
      deployments,
      pods,
      services,
      virtualServices,
      destinationRules,
      gateways,
    ] = await Promise.all([
      this.core.readNamespace({ name: namespace }).catch(error => {
        if (notServed(error)) return undefined;
        throw error;
      }),
      this.apps.listNamespacedDeployment({ namespace }),
      this.core.listNamespacedPod({ namespace }),
      this.core.listNamespacedService({ namespace }),
      istio('virtualservices'),
      istio('destinationrules'),
      istio('gateways'),
    ]);
    return {
      namespace: ns as KubeObject | undefined,
      deployments: deployments.items as KubeObject[],
      pods: pods.items as KubeObject[],
      services: services.items as KubeObject[],
      virtualServices,
      destinationRules,
      gateways,
    };
  }

  /**
   * The control plane governing a namespace: from its `maistra.io/member-of`
   * label, else from the member rolls that list it, else upstream istiod when
   * the namespace has `istio-injection=enabled`.
   */
  async readControlPlane(
    namespace: string,
    object: KubeObject | undefined,
  ): Promise<ControlPlaneObjects | undefined> {
    const labels = object?.metadata.labels ?? {};
    const memberOf = labels[MAISTRA_MEMBER_OF_LABEL];
    if (memberOf) return this.maistraControlPlane(memberOf);
    if (labels[ISTIO_INJECTION_LABEL] === 'enabled')
      return this.istioControlPlane();
    const rolls = await optionalList(() =>
      this.custom.listClusterCustomObject({
        group: MAISTRA,
        version: 'v1',
        plural: 'servicemeshmemberrolls',
      }),
    ).catch(error => {
      if (notAllowed(error)) return [];
      throw error;
    });
    const roll = rolls.find(r =>
      ((r.spec?.members ?? []) as string[]).includes(namespace),
    );
    return roll
      ? this.maistraControlPlane(roll.metadata.namespace!)
      : undefined;
  }

  private async maistraControlPlane(
    controlPlaneNamespace: string,
  ): Promise<ControlPlaneObjects | undefined> {
    const [controlPlanes, memberRoll, routes] = await Promise.all([
      optionalList(() =>
        this.custom.listNamespacedCustomObject({
          group: MAISTRA,
          version: 'v2',
          namespace: controlPlaneNamespace,
          plural: 'servicemeshcontrolplanes',
        }),
      ),
      this.custom
        .getNamespacedCustomObject({
          group: MAISTRA,
          version: 'v1',
          namespace: controlPlaneNamespace,
          plural: 'servicemeshmemberrolls',
          name: 'default',
        })
        .catch(error => {
          if (notServed(error)) return undefined;
          throw error;
        }),
      optionalList(() =>
        this.custom.listNamespacedCustomObject({
          group: 'route.openshift.io',
          version: 'v1',
          namespace: controlPlaneNamespace,
          plural: 'routes',
        }),
      ),
    ]);
    if (controlPlanes.length === 0) return undefined;
    return {
      flavour: 'maistra',
      object: controlPlanes[0],
      memberRoll: memberRoll as KubeObject | undefined,
      deployments: [],
      routes,
    };
  }

  private async istioControlPlane(): Promise<ControlPlaneObjects | undefined> {
    const deployments = await optionalList(() =>
      this.apps.listNamespacedDeployment({ namespace: 'istio-system' }),
    );
    const istiod = deployments.find(
      d => d.metadata.name === 'istiod' || d.metadata.labels?.app === 'istiod',
    );
    return istiod
      ? { flavour: 'istio', object: istiod, deployments }
      : undefined;
  }
}
