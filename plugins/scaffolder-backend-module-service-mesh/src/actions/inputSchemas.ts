import { z } from 'zod/v3';
import { canaryDeployInput } from './canaryDeploy';
import { canaryRolloutInput } from './canaryRollout';
import { canaryServicesInput } from './canaryServices';
import { gatewayExposeInput } from './gatewayExpose';
import { istioApplyInput } from './istioApply';
import { membersLabelInput } from './membersLabel';
import { waypointApplyInput } from './waypointApply';
import { catalogRegisterInput } from './catalogRegister';
import { catalogUnregisterInput } from './catalogUnregister';
import { circuitBreakerApplyInput } from './circuitBreakerApply';
import { controlPlaneApplyInput } from './controlPlaneApply';
import { ingressExposeInput } from './ingressExpose';
import { membersAddInput } from './membersAdd';
import { preflightInput } from './preflightInput';
import { sidecarsInjectInput } from './sidecarsInject';
import { sockshopDeployInput } from './sockshopDeploy';
import { teardownInput } from './teardown';
import { trafficShiftInput } from './trafficShift';

/** Each action's input schema by action id, for checks outside the handlers. */
export const inputSchemas: Record<string, z.AnyZodObject> = {
  'servicemesh:preflight': preflightInput,
  'servicemesh:sockshop:deploy': sockshopDeployInput,
  'servicemesh:controlplane:apply': controlPlaneApplyInput,
  'servicemesh:istio:apply': istioApplyInput,
  'servicemesh:members:add': membersAddInput,
  'servicemesh:members:label': membersLabelInput,
  'servicemesh:sidecars:inject': sidecarsInjectInput,
  'servicemesh:ingress:expose': ingressExposeInput,
  'servicemesh:gateway:expose': gatewayExposeInput,
  'servicemesh:waypoint:apply': waypointApplyInput,
  'servicemesh:canary:deploy': canaryDeployInput,
  'servicemesh:canary:services': canaryServicesInput,
  'servicemesh:traffic:shift': trafficShiftInput,
  'servicemesh:canary:rollout': canaryRolloutInput,
  'servicemesh:circuitbreaker:apply': circuitBreakerApplyInput,
  'servicemesh:catalog:register': catalogRegisterInput,
  'servicemesh:teardown': teardownInput,
  'servicemesh:catalog:unregister': catalogUnregisterInput,
};
