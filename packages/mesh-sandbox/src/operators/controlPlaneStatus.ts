import { K8sObject } from '../k8s/types';
import { ControlPlanePlan } from './controlPlanePlan';
import { operatorVersion } from './meshVersions';
import { Condition, conditionOf, nextConditions } from './objects';

/** Maistra's readiness test of a component's Deployment (readiness.go). */
export function deploymentReady(deployment: K8sObject | undefined): boolean {
  if (!deployment) return false;
  const status = deployment.status ?? {};
  return (
    (status.readyReplicas ?? 0) >= (deployment.spec?.replicas ?? 1) &&
    (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 1) &&
    conditionOf(deployment, 'Available')?.status === 'True'
  );
}

const goList = (items: string[]) => `[${items.join(' ')}]`;

/** The status of an installed control plane, from its component Deployments. */
export function installedStatus(
  smcp: K8sObject,
  plan: ControlPlanePlan,
  deployments: Map<string, K8sObject>,
): any {
  const byComponent = new Map<string, string[]>();
  for (const item of plan.deployments) {
    byComponent.set(item.component, [
      ...(byComponent.get(item.component) ?? []),
      item.name,
    ]);
  }
  const ready: string[] = [...plan.alwaysReadyComponents];
  const unready: string[] = [];
  const pending: string[] = [];
  for (const [component, names] of byComponent) {
    if (names.some(name => !deployments.has(name))) pending.push(component);
    else if (names.every(name => deploymentReady(deployments.get(name))))
      ready.push(component);
    else unready.push(component);
  }
  ready.sort();
  unready.sort();
  pending.sort();
  const total = ready.length + unready.length + pending.length;

  const previous: Condition[] | undefined = smcp.status?.conditions;
  const wasReconciled = previous?.find(
    c => c.type === 'Reconciled' && c.status === 'True',
  );
  const firstInstall =
    !wasReconciled ||
    (wasReconciled.reason === 'InstallSuccessful' &&
      smcp.status?.observedGeneration === smcp.metadata.generation);
  const installed = 'Successfully installed all mesh components';
  const notReady = [...unready, ...pending];
  const conditions: Condition[] = [
    {
      type: 'Installed',
      status: 'True',
      reason: 'InstallSuccessful',
      message: installed,
    },
    firstInstall
      ? {
          type: 'Reconciled',
          status: 'True',
          reason: 'InstallSuccessful',
          message: installed,
        }
      : {
          type: 'Reconciled',
          status: 'True',
          reason: 'ReconcileSuccessful',
          message: 'Successfully reconciled',
        },
    notReady.length === 0
      ? {
          type: 'Ready',
          status: 'True',
          reason: 'ComponentsReady',
          message: 'All component deployments are Available',
        }
      : {
          type: 'Ready',
          status: 'False',
          reason: 'ComponentsNotReady',
          message: `The following components are not fully available: ${goList(
            notReady,
          )}`,
        },
  ];
  return {
    observedGeneration: smcp.metadata.generation,
    annotations: {
      readyComponentCount: `${ready.length}/${total}`,
      ...(plan.alwaysReadyComponents.length
        ? { alwaysReadyComponents: plan.alwaysReadyComponents.join(',') }
        : {}),
    },
    conditions: nextConditions(previous, conditions),
    operatorVersion,
    chartVersion: plan.chartVersion,
    components: [...byComponent.keys()].sort().map(resource => ({
      resource,
      conditions: [
        {
          type: 'Installed',
          status: 'True',
          reason: 'InstallSuccessful',
          message: 'Component installed successfully',
        },
      ],
    })),
    readiness: { components: { pending, ready, unready } },
    appliedSpec: {
      ...(plan.legacy ? {} : smcp.spec),
      version: plan.version,
      profiles: plan.profiles,
    },
  };
}

/** The status of a control plane the operator will not install. */
export function failedStatus(
  smcp: K8sObject,
  reason: string,
  message: string,
): any {
  const previous: Condition[] | undefined = smcp.status?.conditions;
  const installed = previous?.find(
    c => c.type === 'Installed' && c.status === 'True',
  );
  const failed = (type: string): Condition => ({
    type,
    status: 'False',
    reason,
    message,
  });
  return {
    ...smcp.status,
    observedGeneration: smcp.metadata.generation,
    operatorVersion,
    annotations: {
      readyComponentCount:
        smcp.status?.annotations?.readyComponentCount ?? '0/0',
    },
    // The v2 CRD's status schema requires readiness, even before anything is installed.
    readiness: smcp.status?.readiness ?? { components: {} },
    conditions: nextConditions(previous, [
      installed ?? failed('Installed'),
      failed('Reconciled'),
      failed('Ready'),
    ]),
  };
}
