import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createCanaryDeployAction } from './canaryDeploy';
import { createCanaryRolloutAction } from './canaryRollout';
import { createCanaryServicesAction } from './canaryServices';
import { createGatewayExposeAction } from './gatewayExpose';
import { createIstioApplyAction } from './istioApply';
import { createMembersLabelAction } from './membersLabel';
import { createWaypointApplyAction } from './waypointApply';
import { CatalogActionOptions } from './catalogLocations';
import { createCatalogRegisterAction } from './catalogRegister';
import { createCatalogUnregisterAction } from './catalogUnregister';
import { createCircuitBreakerApplyAction } from './circuitBreakerApply';
import { createControlPlaneApplyAction } from './controlPlaneApply';
import { createIngressExposeAction } from './ingressExpose';
import { createMembersAddAction } from './membersAdd';
import { createPreflightAction } from './preflight';
import { createSidecarsInjectAction } from './sidecarsInject';
import { createSockshopDeployAction } from './sockshopDeploy';
import { createTeardownAction } from './teardown';
import { createTrafficShiftAction } from './trafficShift';

/**
 * Every service mesh action, in the guide's order (the OSSM 3 / Sail ones
 * beside their Maistra counterparts). Typed as a plain list: the inferred
 * union of the actions' input and output types is printed in the API report
 * in an order that differs between builds.
 *
 * @public
 */
export function createServiceMeshActions(
  options: CatalogActionOptions,
): TemplateAction<any, any, 'v2'>[] {
  return [
    createPreflightAction(options),
    createSockshopDeployAction(options),
    createControlPlaneApplyAction(options),
    createIstioApplyAction(options),
    createMembersAddAction(options),
    createMembersLabelAction(options),
    createSidecarsInjectAction(options),
    createIngressExposeAction(options),
    createGatewayExposeAction(options),
    createWaypointApplyAction(options),
    createCanaryDeployAction(options),
    createCanaryServicesAction(options),
    createTrafficShiftAction(options),
    createCanaryRolloutAction(options),
    createCircuitBreakerApplyAction(options),
    createCatalogRegisterAction(options),
    createTeardownAction(options),
    createCatalogUnregisterAction(options),
  ];
}
