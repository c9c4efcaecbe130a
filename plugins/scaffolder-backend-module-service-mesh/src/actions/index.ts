import { Config } from '@backstage/config';
import { createCanaryDeployAction } from './canaryDeploy';
import { createCircuitBreakerApplyAction } from './circuitBreakerApply';
import { createControlPlaneApplyAction } from './controlPlaneApply';
import { createIngressExposeAction } from './ingressExpose';
import { createMembersAddAction } from './membersAdd';
import { createPreflightAction } from './preflight';
import { createSidecarsInjectAction } from './sidecarsInject';
import { createSockshopDeployAction } from './sockshopDeploy';
import { createTeardownAction } from './teardown';
import { createTrafficShiftAction } from './trafficShift';

/** Every service mesh action, in the guide's order. */
export function createServiceMeshActions(options: { config: Config }) {
  return [
    createPreflightAction(options),
    createSockshopDeployAction(options),
    createControlPlaneApplyAction(options),
    createMembersAddAction(options),
    createSidecarsInjectAction(options),
    createIngressExposeAction(options),
    createCanaryDeployAction(options),
    createTrafficShiftAction(options),
    createCircuitBreakerApplyAction(options),
    createTeardownAction(options),
  ];
}
