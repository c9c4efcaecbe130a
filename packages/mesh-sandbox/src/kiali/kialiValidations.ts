import { matchesLabelSelector } from '../k8s/labelSelector';
import { K8sObject } from '../k8s/types';
import { fqdn, serviceFqdn, serviceOfHost } from '../traffic/hosts';
import { endpointsOf } from '../traffic/trafficResolver';
import { MeshSnapshot } from '../traffic/meshView';
import { CLUSTER_ID } from '../traffic/podFacts';
import { workloadsIn } from './kialiWorkloads';

type Severity = 'error' | 'warning';

interface Check {
  code: string;
  message: string;
  severity: Severity;
  path: string;
}

/** Kiali's check catalogue (models/istio_validation.go) for the checks made here. */
const catalogue: Record<string, [string, string, Severity]> = {
  hostNotFound: [
    'KIA1101',
    "DestinationWeight on route doesn't have a valid service (host not found)",
    'error',
  ],
  gatewayNotFound: [
    'KIA1102',
    'VirtualService is pointing to a non-existent gateway',
    'error',
  ],
  singleWeight: [
    'KIA1104',
    'The weight is assumed to be 100 because there is only one route destination',
    'warning',
  ],
  subsetNotFound: ['KIA1107', 'Subset not found', 'warning'],
  ruleHostNotFound: [
    'KIA0202',
    'This host has no matching entry in the service registry (service, workload or service entries)',
    'error',
  ],
  subsetLabelsNotFound: [
    'KIA0203',
    "This subset's labels are not found in any matching host",
    'error',
  ],
  gatewaySelector: [
    'KIA0302',
    'No matching workload found for gateway selector in this namespace',
    'warning',
  ],
};

const check = (id: keyof typeof catalogue, path: string): Check => {
  const [code, message, severity] = catalogue[id];
  return { code, message, severity, path };
};

export interface ObjectValidation {
  kind: 'VirtualService' | 'DestinationRule' | 'Gateway';
  object: K8sObject;
  checks: Check[];
}

function definesSubset(snapshot: MeshSnapshot, host: string, subset: string) {
  return snapshot.all.destinationRules.some(
    dr =>
      dr.spec?.host &&
      fqdn(dr.spec.host, dr.metadata.namespace!) === host &&
      ((dr.spec?.subsets ?? []) as any[]).some(s => s?.name === subset),
  );
}

function virtualServiceChecks(snapshot: MeshSnapshot, vs: K8sObject): Check[] {
  const ns = vs.metadata.namespace!;
  const checks: Check[] = [];
  ((vs.spec?.gateways ?? []) as string[]).forEach((entry, i) => {
    if (entry === 'mesh') return;
    const [gwNs, name] = entry.includes('/') ? entry.split('/') : [ns, entry];
    if (!snapshot.find('gateways', gwNs, name))
      checks.push(check('gatewayNotFound', `spec/gateways[${i}]`));
  });
  ((vs.spec?.http ?? []) as any[]).forEach((http, i) => {
    const routes = (http?.route ?? []) as any[];
    routes.forEach((route, j) => {
      const path = `spec/http[${i}]/route[${j}]`;
      const host = route?.destination?.host;
      if (!host) return;
      const service = serviceOfHost(snapshot, host, ns);
      if (!service) {
        checks.push(check('hostNotFound', `${path}/destination/host`));
        return;
      }
      const subset = route.destination.subset;
      if (subset && !definesSubset(snapshot, serviceFqdn(service), subset)) {
        checks.push(check('subsetNotFound', `${path}/destination`));
      }
      if (
        routes.length === 1 &&
        route.weight !== undefined &&
        route.weight !== 100
      ) {
        checks.push(check('singleWeight', `${path}/weight`));
      }
    });
  });
  return checks;
}

function destinationRuleChecks(snapshot: MeshSnapshot, dr: K8sObject): Check[] {
  const host = dr.spec?.host;
  if (!host || host.includes('*')) return [];
  const service = serviceOfHost(snapshot, host, dr.metadata.namespace!);
  if (!service) return [check('ruleHostNotFound', 'spec/host')];
  const checks: Check[] = [];
  ((dr.spec?.subsets ?? []) as any[]).forEach((subset, i) => {
    const labels = subset?.labels ?? {};
    const matching = snapshot
      .in('pods', service.metadata.namespace!)
      .some(p =>
        matchesLabelSelector(
          { matchLabels: { ...service.spec?.selector, ...labels } },
          p.metadata.labels,
        ),
      );
    if (
      Object.keys(labels).length > 0 &&
      !matching &&
      endpointsOf(snapshot, service).length > 0
    )
      checks.push(check('subsetLabelsNotFound', `spec/subsets[${i}]`));
  });
  return checks;
}

function gatewayChecks(snapshot: MeshSnapshot, gateway: K8sObject): Check[] {
  const selector = gateway.spec?.selector ?? {};
  // Gateways are not scoped to their namespace by default (PILOT_SCOPE_GATEWAY_TO_NAMESPACE).
  const found = snapshot.all.pods.some(p =>
    matchesLabelSelector({ matchLabels: selector }, p.metadata.labels),
  );
  return found ? [] : [check('gatewaySelector', 'spec/selector')];
}

export function validateNamespace(
  snapshot: MeshSnapshot,
  namespace: string,
): ObjectValidation[] {
  return [
    ...snapshot.in('virtualServices', namespace).map(object => ({
      kind: 'VirtualService' as const,
      object,
      checks: virtualServiceChecks(snapshot, object),
    })),
    ...snapshot.in('destinationRules', namespace).map(object => ({
      kind: 'DestinationRule' as const,
      object,
      checks: destinationRuleChecks(snapshot, object),
    })),
    ...snapshot.in('gateways', namespace).map(object => ({
      kind: 'Gateway' as const,
      object,
      checks: gatewayChecks(snapshot, object),
    })),
  ];
}

export function summarize(validations: ObjectValidation[]) {
  const all = validations.flatMap(v => v.checks);
  return {
    errors: all.filter(c => c.severity === 'error').length,
    objectCount: validations.length,
    warnings: all.filter(c => c.severity === 'warning').length,
  };
}

const gvkKey = (kind: string) => `networking.istio.io/v1beta1, Kind=${kind}`;

/** A namespace's Istio objects keyed by GVK, as Kiali 2.x lists them. */
export function istioResourcesByGvk(snapshot: MeshSnapshot, namespace: string) {
  return {
    [gvkKey('VirtualService')]: snapshot.in('virtualServices', namespace),
    [gvkKey('DestinationRule')]: snapshot.in('destinationRules', namespace),
    [gvkKey('Gateway')]: snapshot.in('gateways', namespace),
  };
}

/**
 * The `validations` of Kiali's workload and service lists: one entry per
 * listed object. The sandbox makes none of Kiali's workload or service
 * checks, so each is valid without checks, as Kiali reports a sound one.
 */
export function listValidations(
  snapshot: MeshSnapshot,
  namespaces: string[],
  list: string,
  dialect: { v2: boolean },
) {
  const objectType = list === 'workloads' ? 'workload' : 'service';
  const entries: Record<string, unknown> = {};
  for (const namespace of namespaces) {
    const names =
      list === 'workloads'
        ? workloadsIn(snapshot, namespace).map(w => w.name)
        : snapshot.in('services', namespace).map(s => s.metadata.name!);
    for (const name of names) {
      entries[`${name}.${namespace}`] = {
        name,
        ...(dialect.v2
          ? {
              namespace,
              cluster: CLUSTER_ID,
              objectGVK: {
                Group: list === 'workloads' ? 'apps' : '',
                Version: 'v1',
                Kind: list === 'workloads' ? 'Deployment' : 'Service',
              },
            }
          : { objectType }),
        valid: true,
        checks: [],
        references: null,
      };
    }
  }
  return { [objectType]: entries };
}

/** The `validations` map of Kiali 1.x (by object type) or 2.x (by GVK). */
export function validationsMap(validations: ObjectValidation[], v2: boolean) {
  const result: Record<string, Record<string, unknown>> = {};
  for (const { kind, object, checks } of validations) {
    const name = object.metadata.name!;
    const namespace = object.metadata.namespace!;
    const key = v2 ? gvkKey(kind) : kind.toLowerCase();
    const entry = {
      name,
      ...(v2
        ? {
            namespace,
            cluster: CLUSTER_ID,
            objectGVK: {
              Group: 'networking.istio.io',
              Version: 'v1beta1',
              Kind: kind,
            },
          }
        : { objectType: kind.toLowerCase() }),
      valid: !checks.some(c => c.severity === 'error'),
      checks,
      references: [],
    };
    (result[key] ??= {})[`${name}.${namespace}`] = entry;
  }
  return result;
}
