import { meshedScenario } from './meshed';
import { meshedAmbientScenario } from './meshedAmbient';
import { meshedSailScenario } from './meshedSail';
import { ScaleOptions, scaleScenario } from './scale';
import { Scenario } from './seeding';
import { SockshopOptions, sockshopScenario } from './sockshop';

export {
  meshedScenario,
  meshedSailScenario,
  meshedAmbientScenario,
  scaleScenario,
  sockshopScenario,
};
export type { Scenario, ScaleOptions, SockshopOptions };
export { scaleNamespace, scaleControlPlaneNamespace } from './scale';
export { sockshopWorkloads, frontEndV2 } from './sockshopWorkloads';
export type { Workload } from './sockshopWorkloads';

export type ScenarioName =
  | 'sockshop'
  | 'meshed'
  | 'meshed-sail'
  | 'meshed-ambient'
  | 'scale';
export type ScenarioOptions = SockshopOptions & ScaleOptions;

/** The scenarios `yarn sandbox --scenario <name>` offers, by name. */
export const scenarios: Record<
  ScenarioName,
  (options?: ScenarioOptions) => Scenario
> = {
  sockshop: sockshopScenario,
  meshed: meshedScenario,
  'meshed-sail': meshedSailScenario,
  'meshed-ambient': meshedAmbientScenario,
  scale: scaleScenario,
};
