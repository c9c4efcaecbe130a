export { startSandbox } from './sandbox';
export type { Sandbox, SandboxOptions } from './sandbox';
export type {
  Controller,
  MutatingWebhook,
  SandboxContext,
  SandboxSettings,
} from './context';
export type { SandboxTokens } from './server/auth';
export { kubeconfigYaml } from './kubeconfig';
export type { K8sObject } from './k8s/types';
export { KubeClient, KubeApiError, isNotFound } from './client/kubeClient';
export { kinds, resourcePath } from './client/kinds';
export type { Kind } from './client/kinds';
export { startLocalCluster } from './cluster/localCluster';
export type { ClusterConnection, LocalCluster } from './cluster/localCluster';
export { startControlPlane } from './cluster/controlPlane';
export type { ControlPlane } from './cluster/controlPlane';
export { clusterBinaries, kialiBinaries } from './cluster/binaries';
export { startRealKiali } from './kiali/realKiali';
export type { RealKiali, RealKialiOptions } from './kiali/realKiali';
export { detectedOperatorCrds, upstreamCrds } from './cluster/crds';
export { portalAccounts, portalNamespace } from './cluster/access';
export {
  defaultControllers,
  openShiftControllers,
  serviceMeshControllers,
  sailControllers,
} from './operators';
export {
  scenarios,
  sockshopScenario,
  meshedScenario,
  meshedSailScenario,
  meshedAmbientScenario,
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
export { WorkloadFaults, WorkloadFaultError } from './traffic/workloadFaults';
export type { WorkloadFault } from './traffic/workloadFaults';
export { WORKLOAD_FAULTS_PATH } from './traffic/workloadFaultsHandler';
