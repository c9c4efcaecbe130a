import { K8sObject } from '../k8s/types';
import { fqdn, serviceFqdn } from './hosts';
import { MeshSnapshot } from './meshView';

/**
 * The DestinationRule that applies to a service for a caller: Istio prefers
 * the caller's namespace, then the service's, then the control plane's.
 */
export function destinationRuleFor(
  snapshot: MeshSnapshot,
  service: K8sObject,
  callerNamespace: string,
): K8sObject | undefined {
  const host = serviceFqdn(service);
  const namespaces = [callerNamespace, service.metadata.namespace!];
  const controlPlane = snapshot.namespaceLabels(service.metadata.namespace!)[
    'maistra.io/member-of'
  ];
  if (controlPlane) namespaces.push(controlPlane);
  for (const ns of namespaces) {
    const rule = snapshot
      .in('destinationRules', ns)
      .find(dr => dr.spec?.host && fqdn(dr.spec.host, ns) === host);
    if (rule) return rule;
  }
  return undefined;
}

export function subsetOf(rule: K8sObject | undefined, name: string): any {
  return ((rule?.spec?.subsets ?? []) as any[]).find(s => s?.name === name);
}

/** A subset's traffic policy overrides the rule's, field by field at the top level. */
export function trafficPolicyOf(rule: K8sObject | undefined, subset?: any) {
  return { ...rule?.spec?.trafficPolicy, ...subset?.trafficPolicy };
}
