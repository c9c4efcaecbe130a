import { ControlPlaneStatus } from '@service-mesh/plugin-service-mesh-common';
import { ControlPlaneObjects } from './kubeObjects';

const conditionOrder = ['Reconciled', 'Ready', 'DependenciesHealthy'];

/**
 * A Sail `Istio` or `IstioRevision` as a control plane: ready when its state
 * is `Healthy` (an IstioRevision, which has no state, when Ready is True);
 * its conditions are the components.
 */
export function sailControlPlaneStatus(
  controlPlane: ControlPlaneObjects,
): ControlPlaneStatus {
  const { object } = controlPlane;
  const status = object.status ?? {};
  const conditions = (status.conditions ?? []) as any[];
  const readyCondition = conditions.find(c => c.type === 'Ready');
  const ready = status.state
    ? status.state === 'Healthy'
    : readyCondition?.status === 'True';
  const notReady = conditions.find(
    c => c.status !== 'True' && (c.message || c.reason),
  );
  const reason = ready
    ? undefined
    : [status.state, notReady?.message ?? notReady?.reason]
        .filter(Boolean)
        .join(': ') || 'the Sail operator has not reported readiness yet';
  const rank = (type: string) =>
    conditionOrder.includes(type) ? conditionOrder.indexOf(type) : 99;
  return {
    flavour: 'sail',
    name: object.metadata.name,
    namespace: object.spec?.namespace ?? 'istio-system',
    version: object.spec?.version,
    ...(controlPlane.revision ? { revision: controlPlane.revision } : {}),
    ready,
    ...(reason ? { reason } : {}),
    components: conditions
      .map(c => ({ name: c.type as string, ready: c.status === 'True' }))
      .sort((a, b) => rank(a.name) - rank(b.name)),
  };
}
