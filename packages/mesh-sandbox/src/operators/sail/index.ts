import { Controller } from '../../context';
import { gatewayDeploymentController } from './gatewayDeploymentController';
import { istioController } from './istioController';
import { istioRevisionController } from './istioRevisionController';
import { istioRevisionTagController } from './istioRevisionTagController';
import { nodeAgentController } from './nodeAgentController';
import { sailSidecarInjector } from './sailSidecarInjector';

export { gatewayNameLabel } from './gatewayDeploymentController';
export { revisionNameOf, istiodNameOf } from './sailNames';

/** The Sail operator (OSSM 3) with its istiod's injector and Gateway API deployment controller. */
export function sailControllers(): Controller[] {
  return [
    sailSidecarInjector,
    istioController,
    istioRevisionController,
    istioRevisionTagController,
    nodeAgentController,
    gatewayDeploymentController,
  ];
}
