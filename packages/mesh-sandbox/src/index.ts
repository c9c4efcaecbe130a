export { startSandbox } from './sandbox';
export type { Sandbox, SandboxOptions } from './sandbox';
export type { Controller, SandboxContext, SandboxSettings } from './context';
export { defaultTokens } from './server/auth';
export type { SandboxTokens } from './server/auth';
export { kubeconfigYaml } from './kubeconfig';
export type { K8sObject, ResourceType } from './k8s/types';
export { allOperatorCrds } from './k8s/operatorCrds';
export {
  defaultControllers,
  kubernetesControllers,
  serviceMeshControllers,
} from './operators';
export {
  scenarios,
  sockshopScenario,
  meshedScenario,
  scaleScenario,
} from './scenarios';
export type {
  Scenario,
  ScenarioName,
  ScenarioOptions,
  SockshopOptions,
  ScaleOptions,
} from './scenarios';
export { MeshTraffic } from './traffic/meshTraffic';
export type { MeshTrafficOptions } from './traffic/meshTraffic';
export { IstioTelemetry } from './traffic/istioTelemetry';
export { RESPONSE_CODE_ANNOTATION } from './traffic/hop';
export { kialiController } from './kiali/kialiController';
export type { KialiOptions, KialiStrategy } from './kiali/kialiMode';
export { clusterControllers } from './clusterControllers';
export {
  startRealPrometheus,
  prometheusInstalled,
} from './prometheus/realPrometheus';
export type { RealPrometheus } from './prometheus/realPrometheus';
export { sandboxKubernetesConfig } from './backstageConfig';
