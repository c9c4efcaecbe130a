import { KubeObject } from './kubeObjects';
import { labelsMatch } from './labels';

const L7_OPERATION_FIELDS = [
  'methods',
  'notMethods',
  'paths',
  'notPaths',
  'hosts',
  'notHosts',
];

/** Whether a rule needs L7 (HTTP) processing: HTTP operations, or `request.*` conditions. */
const isL7Rule = (rule: any) =>
  ((rule?.to ?? []) as any[]).some(to =>
    L7_OPERATION_FIELDS.some(field => (to?.operation?.[field] ?? []).length),
  ) ||
  ((rule?.when ?? []) as any[]).some(when =>
    String(when?.key ?? '').startsWith('request.'),
  ) ||
  ((rule?.from ?? []) as any[]).some(
    from => (from?.source?.requestPrincipals ?? []).length > 0,
  );

/**
 * The AuthorizationPolicies with HTTP rules that apply to a service: those
 * that select its pods, name it in `targetRefs`, or have neither (the whole
 * namespace).
 */
export function l7AuthorizationPoliciesFor(
  service: KubeObject,
  podTemplateLabels: Record<string, string>[],
  policies: KubeObject[],
): string[] {
  return policies
    .filter(policy => ((policy.spec?.rules ?? []) as any[]).some(isL7Rule))
    .filter(policy => {
      const targets = [
        ...((policy.spec?.targetRefs ?? []) as any[]),
        ...(policy.spec?.targetRef ? [policy.spec.targetRef] : []),
      ];
      const selector = policy.spec?.selector?.matchLabels;
      if (targets.length > 0)
        return targets.some(
          t => t?.kind === 'Service' && t?.name === service.metadata.name,
        );
      if (selector && Object.keys(selector).length > 0)
        return podTemplateLabels.some(labels => labelsMatch(selector, labels));
      return true;
    })
    .map(policy => policy.metadata.name)
    .sort();
}
