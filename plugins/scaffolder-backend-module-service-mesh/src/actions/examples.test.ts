import { ConfigReader } from '@backstage/config';
import { loadYaml } from '@kubernetes/client-node';
import { z } from 'zod/v3';
import { createServiceMeshActions } from '.';
import { canaryDeployInput } from './canaryDeploy';
import { canaryDeployExamples } from './canaryDeploy.examples';
import { canaryRolloutInput } from './canaryRollout';
import { canaryRolloutExamples } from './canaryRollout.examples';
import { canaryServicesInput } from './canaryServices';
import { canaryServicesExamples } from './canaryServices.examples';
import { gatewayExposeInput } from './gatewayExpose';
import { gatewayExposeExamples } from './gatewayExpose.examples';
import { istioApplyInput } from './istioApply';
import { istioApplyExamples } from './istioApply.examples';
import { membersLabelInput } from './membersLabel';
import { membersLabelExamples } from './membersLabel.examples';
import { waypointApplyInput } from './waypointApply';
import { waypointApplyExamples } from './waypointApply.examples';
import { catalogRegisterInput } from './catalogRegister';
import { catalogRegisterExamples } from './catalogRegister.examples';
import { catalogUnregisterInput } from './catalogUnregister';
import { catalogUnregisterExamples } from './catalogUnregister.examples';
import { circuitBreakerApplyInput } from './circuitBreakerApply';
import { circuitBreakerExamples } from './circuitBreakerApply.examples';
import { controlPlaneApplyInput } from './controlPlaneApply';
import { controlPlaneExamples } from './controlPlaneApply.examples';
import { ActionExample } from './exampleStep';
import { ingressExposeInput } from './ingressExpose';
import { ingressExposeExamples } from './ingressExpose.examples';
import { membersAddInput } from './membersAdd';
import { membersAddExamples } from './membersAdd.examples';
import { preflightInput } from './preflightInput';
import { preflightExamples } from './preflight.examples';
import { sidecarsInjectInput } from './sidecarsInject';
import { sockshopDeployInput } from './sockshopDeploy';
import { sockshopDeployExamples } from './sockshopDeploy.examples';
import { sidecarsInjectExamples } from './sidecarsInject.examples';
import { teardownInput } from './teardown';
import { teardownExamples } from './teardown.examples';
import { trafficShiftInput } from './trafficShift';
import { trafficShiftExamples } from './trafficShift.examples';
import { allowingAuthorizer } from '../__testUtils__/authorizer';

const byAction: Record<string, [z.ZodTypeAny, ActionExample[]]> = {
  'servicemesh:preflight': [preflightInput, preflightExamples],
  'servicemesh:sockshop:deploy': [sockshopDeployInput, sockshopDeployExamples],
  'servicemesh:controlplane:apply': [
    controlPlaneApplyInput,
    controlPlaneExamples,
  ],
  'servicemesh:istio:apply': [istioApplyInput, istioApplyExamples],
  'servicemesh:members:add': [membersAddInput, membersAddExamples],
  'servicemesh:members:label': [membersLabelInput, membersLabelExamples],
  'servicemesh:gateway:expose': [gatewayExposeInput, gatewayExposeExamples],
  'servicemesh:waypoint:apply': [waypointApplyInput, waypointApplyExamples],
  'servicemesh:canary:services': [canaryServicesInput, canaryServicesExamples],
  'servicemesh:sidecars:inject': [sidecarsInjectInput, sidecarsInjectExamples],
  'servicemesh:ingress:expose': [ingressExposeInput, ingressExposeExamples],
  'servicemesh:canary:deploy': [canaryDeployInput, canaryDeployExamples],
  'servicemesh:traffic:shift': [trafficShiftInput, trafficShiftExamples],
  'servicemesh:canary:rollout': [canaryRolloutInput, canaryRolloutExamples],
  'servicemesh:circuitbreaker:apply': [
    circuitBreakerApplyInput,
    circuitBreakerExamples,
  ],
  'servicemesh:catalog:register': [
    catalogRegisterInput,
    catalogRegisterExamples,
  ],
  'servicemesh:teardown': [teardownInput, teardownExamples],
  'servicemesh:catalog:unregister': [
    catalogUnregisterInput,
    catalogUnregisterExamples,
  ],
};

const actions = createServiceMeshActions({
  config: new ConfigReader({}),
  authorizer: allowingAuthorizer(),
});
const rows = Object.entries(byAction).flatMap(([id, [schema, examples]]) =>
  examples.map((example, index) => ({ id, schema, example, index })),
);

describe('action examples', () => {
  it('every action has examples on the installed-actions page', () => {
    expect(actions.map(a => a.id).sort()).toEqual(Object.keys(byAction).sort());
    for (const action of actions) {
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.supportsDryRun).toBe(true);
    }
  });

  it.each(rows)(
    '$id example $index fits the input schema',
    ({ id, schema, example, index }) => {
      expect(schema.safeParse(example.input)).toMatchObject({ success: true });
      const shown = actions.find(a => a.id === id)!.examples![index].example;
      const [step] = loadYaml<any>(shown).steps;
      expect(step).toMatchObject({ action: id, input: example.input });
    },
  );

  it('documents every input and output field', () => {
    for (const action of actions) {
      const input = action.schema?.input as any;
      for (const [key, property] of Object.entries<any>(input.properties)) {
        expect({ key, description: typeof property.description }).toEqual({
          key,
          description: 'string',
        });
      }
      for (const [key, property] of Object.entries<any>(
        (action.schema?.output as any)?.properties ?? {},
      )) {
        expect({ key, description: typeof property.description }).toEqual({
          key,
          description: 'string',
        });
      }
    }
  });
});
