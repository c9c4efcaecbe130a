import { Controller } from '../context';
import { clusterIpAllocator } from './clusterIpAllocator';
import { controlPlaneController } from './controlPlaneController';
import { deploymentController } from './deploymentController';
import { endpointsController } from './endpointsController';
import { istioValidationWebhook } from './istioValidationWebhook';
import { kubeletSimulator } from './kubeletSimulator';
import { memberRollController } from './memberRollController';
import { replicaSetController } from './replicaSetController';
import { routeController } from './routeController';
import { sidecarInjector } from './sidecarInjector';

export {
  clusterIpAllocator,
  controlPlaneController,
  deploymentController,
  endpointsController,
  istioValidationWebhook,
  kubeletSimulator,
  memberRollController,
  replicaSetController,
  routeController,
  sidecarInjector,
};
export { clusterCacheOf } from './clusterCache';
export type { ClusterCache } from './clusterCache';
export {
  memberOfLabel,
  ownerLabel,
  injectAnnotation,
  sidecarStatusAnnotation,
} from './meshLabels';

/** Kubernetes' own controllers: what makes Deployments run pods. */
export function kubernetesControllers(): Controller[] {
  return [
    clusterIpAllocator,
    routeController,
    deploymentController,
    replicaSetController,
    kubeletSimulator,
    endpointsController,
  ];
}

/** The OpenShift Service Mesh operator and its control planes' webhooks. */
export function serviceMeshControllers(): Controller[] {
  return [
    sidecarInjector,
    istioValidationWebhook,
    controlPlaneController,
    memberRollController,
  ];
}

/** Every simulated controller: an OpenShift cluster with the Service Mesh operator. */
export function defaultControllers(): Controller[] {
  return [...kubernetesControllers(), ...serviceMeshControllers()];
}
