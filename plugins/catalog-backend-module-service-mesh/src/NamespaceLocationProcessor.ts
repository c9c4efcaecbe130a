import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import * as k8s from '@kubernetes/client-node';
import {
  NAMESPACE_LOCATION_TYPE,
  parseNamespaceLocationTarget,
} from '@service-mesh/plugin-service-mesh-common';
import {
  describeKubeError,
  findCluster,
  kubeConfigFor,
  readClusters,
} from '@service-mesh/plugin-service-mesh-node';
import { namespaceEntities } from './namespaceEntities';

/** Hosts of the namespace's VirtualServices bound to a gateway: where the app answers. */
async function readGatewayHosts(
  kubeConfig: k8s.KubeConfig,
  namespace: string,
): Promise<string[]> {
  try {
    const list: any = await kubeConfig
      .makeApiClient(k8s.CustomObjectsApi)
      .listNamespacedCustomObject({
        group: 'networking.istio.io',
        version: 'v1beta1',
        namespace,
        plural: 'virtualservices',
      });
    const hosts = (list.items ?? [])
      .filter((vs: any) =>
        (vs.spec?.gateways ?? []).some((g: string) => g !== 'mesh'),
      )
      .flatMap((vs: any) => (vs.spec?.hosts ?? []) as string[])
      .filter((host: string) => host.includes('.') && !host.includes('*'));
    return [...new Set<string>(hosts)].sort();
  } catch (error) {
    // without Istio's CRDs there is no gateway to link
    if (describeKubeError(error).code === 404) return [];
    throw error;
  }
}

/**
 * Reads locations of type `service-mesh-namespace`: lists the namespace's
 * Deployments on its cluster (with the kubernetes config section's
 * credentials) and emits the System, Components and Resources they make.
 * Each refresh reads the cluster again, so a canary or a new service shows up
 * without registering anything anew.
 *
 * @public
 */
export class NamespaceLocationProcessor implements CatalogProcessor {
  constructor(
    private readonly options: { config: Config; logger: LoggerService },
  ) {}

  getProcessorName(): string {
    return 'ServiceMeshNamespaceLocationProcessor';
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
  ): Promise<boolean> {
    if (location.type !== NAMESPACE_LOCATION_TYPE) return false;
    let target;
    let cluster;
    try {
      target = parseNamespaceLocationTarget(location.target);
      cluster = findCluster(readClusters(this.options.config), target.cluster);
    } catch (error) {
      emit(processingResult.inputError(location, (error as Error).message));
      return true;
    }
    const kubeConfig = kubeConfigFor(cluster, 'service-mesh-catalog');
    let deployments: k8s.V1Deployment[];
    let gatewayHosts: string[];
    try {
      // listing in a namespace that does not exist answers an empty list
      await kubeConfig
        .makeApiClient(k8s.CoreV1Api)
        .readNamespace({ name: target.namespace });
      const list = await kubeConfig
        .makeApiClient(k8s.AppsV1Api)
        .listNamespacedDeployment({
          namespace: target.namespace,
        });
      deployments = list.items;
      gatewayHosts = await readGatewayHosts(kubeConfig, target.namespace);
    } catch (error) {
      const { code, message } = describeKubeError(error);
      const text = `cannot read namespace '${target.namespace}' on cluster '${target.cluster}': ${message}`;
      if (code === 404) {
        if (!optional) emit(processingResult.notFoundError(location, text));
      } else {
        this.options.logger.warn(text);
        emit(processingResult.generalError(location, text));
      }
      return true;
    }
    for (const entity of namespaceEntities(target, deployments, {
      gatewayHosts,
    })) {
      emit(processingResult.entity(location, entity));
    }
    return true;
  }
}
