export { startSandbox } from './sandbox';
export type { Sandbox, SandboxOptions } from './sandbox';
export type { Controller, SandboxContext, SandboxSettings } from './context';
export { defaultTokens } from './server/auth';
export type { SandboxTokens } from './server/auth';
export { kubeconfigYaml } from './kubeconfig';
export type { K8sObject, ResourceType } from './k8s/types';
export { allOperatorCrds } from './k8s/operatorCrds';
