import { Controller } from '../context';
import { controlPlaneController } from './controlPlaneController';
import { memberRollController } from './memberRollController';
import { routeController } from './routeController';
import { sailControllers } from './sail';
import { sidecarInjector } from './sidecarInjector';

export { sailControllers };
export {
  controlPlaneController,
  memberRollController,
  routeController,
  sidecarInjector,
};
export type { ClusterCache } from './clusterCache';
export {
  memberOfLabel,
  ownerLabel,
  injectAnnotation,
  sidecarStatusAnnotation,
} from './meshLabels';

/** What OpenShift adds to Kubernetes here: Route host defaulting and the router. */
export function openShiftControllers(): Controller[] {
  return [routeController];
}

/** The OpenShift Service Mesh operator and its control planes' sidecar injector. */
export function serviceMeshControllers(): Controller[] {
  return [sidecarInjector, controlPlaneController, memberRollController];
}

/** Every simulated operator: an OpenShift cluster with the Service Mesh 2 (Maistra) and 3 (Sail) operators. */
export function defaultControllers(): Controller[] {
  return [
    ...openShiftControllers(),
    ...serviceMeshControllers(),
    ...sailControllers(),
  ];
}
