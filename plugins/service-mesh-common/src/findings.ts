import {
  Finding,
  MeshStatus,
  RouteDestination,
  ServiceStatus,
  TrafficRoute,
} from './meshStatus';
import { splitDrift } from './weights';
import { routeObjectOf, weightedTrafficRoute } from './weightedTraffic';
import { gatewayApiFindings, namespaceLabelFindings } from './istioFindings';

/** @public */
export interface FindingOptions {
  /** Percentage points the observed split may differ from the weights (default 10). */
  driftThreshold?: number;
}

/**
 * A mesh status before its findings are worked out.
 *
 * @public
 */
export type StatusWithoutFindings = Omit<MeshStatus, 'findings'>;

const percentList = (shares: Record<string, number>) =>
  Object.entries(shares)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, share]) => `${version} ${Math.round(share)}%`)
    .join(', ');

/**
 * Configured weight per version (or subset, or host) of a weighted route.
 *
 * @public
 */
export function configuredSplit(route: {
  destinations: RouteDestination[];
}): Record<string, number> {
  const split: Record<string, number> = {};
  for (const d of route.destinations) {
    const key = d.version ?? d.subset ?? d.host;
    split[key] = (split[key] ?? 0) + d.weight;
  }
  return split;
}

/**
 * The route of a service whose weights split traffic between versions, if any.
 *
 * @public
 */
export function weightedRoute(
  service: ServiceStatus,
): TrafficRoute | undefined {
  return service.routes.find(r => r.destinations.length > 1);
}

function routeFindings(service: ServiceStatus, route: TrafficRoute): Finding[] {
  const findings: Finding[] = [];
  const object = {
    kind: 'VirtualService',
    namespace: route.namespace,
    name: route.virtualService,
  };
  if (route.destinations.length > 1) {
    const total = route.destinations.reduce((sum, d) => sum + d.weight, 0);
    if (total !== 100) {
      findings.push({
        code: 'weights-not-100',
        severity: 'error',
        message: `VirtualService ${route.virtualService} splits ${service.name} with weights that sum to ${total}, not 100; Istio rejects or misroutes such a route.`,
        service: service.name,
        object,
      });
    }
  }
  for (const d of route.destinations) {
    if (d.subset && !d.subsetDefined) {
      findings.push({
        code: 'undefined-subset',
        severity: 'error',
        message: `VirtualService ${route.virtualService} routes to subset ${d.subset} of ${d.host}, which no DestinationRule defines; those requests fail with 503.`,
        service: service.name,
        object,
      });
    }
  }
  for (const gateway of route.missingGateways) {
    findings.push({
      code: 'missing-gateway',
      severity: 'error',
      message: `VirtualService ${route.virtualService} is bound to gateway ${gateway}, which does not exist; traffic through it is not routed.`,
      service: service.name,
      object,
    });
  }
  return findings;
}

function serviceFindings(
  service: ServiceStatus,
  status: StatusWithoutFindings,
  threshold: number,
): Finding[] {
  const findings = service.routes.flatMap(route =>
    routeFindings(service, route),
  );
  for (const subset of service.subsets) {
    if (subset.matchingPods === 0) {
      findings.push({
        code: 'subset-without-pods',
        severity: 'warning',
        message: `Subset ${subset.name} of DestinationRule ${subset.destinationRule} selects no ready pods; traffic routed to it fails.`,
        service: service.name,
        object: {
          kind: 'DestinationRule',
          namespace: status.namespace,
          name: subset.destinationRule,
        },
      });
    }
  }
  if (service.subsets.some(s => 'version' in s.labels)) {
    for (const workload of service.workloads.filter(w => !w.version)) {
      findings.push({
        code: 'unversioned-workloads',
        severity: 'warning',
        message: `Workload ${workload.name} has no version label, so the version subsets of ${service.name} never select its pods.`,
        service: service.name,
        object: {
          kind: workload.kind,
          namespace: status.namespace,
          name: workload.name,
        },
      });
    }
  }
  if (status.membership.member) {
    for (const workload of service.workloads) {
      if (workload.sidecar !== 'missing' && workload.sidecar !== 'partial')
        continue;
      if (workload.dataplane === 'ambient') continue;
      const without = workload.readyPods - workload.podsWithSidecar;
      findings.push({
        code: 'sidecar-missing',
        severity: 'warning',
        message:
          workload.sidecar === 'partial'
            ? `Workload ${workload.name} runs ${without} of ${workload.readyPods} pods without the Envoy sidecar; restart it so every pod is injected.`
            : `Workload ${workload.name} is in the mesh namespace but has no Envoy sidecar; add the sidecar.istio.io/inject: "true" annotation to its pod template.`,
        service: service.name,
        object: {
          kind: workload.kind,
          namespace: status.namespace,
          name: workload.name,
        },
      });
    }
  }
  const route = weightedTrafficRoute(service);
  const observed = service.observed?.splitByVersion;
  if (route && observed) {
    const configured = configuredSplit(route);
    const drift = splitDrift(configured, observed);
    if (Object.values(drift).some(points => points > threshold)) {
      findings.push({
        code: 'split-drift',
        severity: 'warning',
        message: `Observed traffic to ${service.name} (${percentList(
          observed,
        )}) is more than ${threshold} points off the configured weights (${percentList(
          configured,
        )}).`,
        service: service.name,
        object: routeObjectOf(route),
      });
    }
  }
  return findings;
}

const controlPlaneKind = {
  maistra: 'ServiceMeshControlPlane',
  sail: 'Istio',
  istio: 'Deployment',
};

const severityOrder = { error: 0, warning: 1, info: 2 };

/**
 * Everything wrong with an entity's mesh setup, most severe first.
 *
 * @public
 */
export function computeFindings(
  status: StatusWithoutFindings,
  options: FindingOptions = {},
): Finding[] {
  const threshold = options.driftThreshold ?? 10;
  const findings: Finding[] = [];
  const { controlPlane, membership } = status;
  if (controlPlane && !controlPlane.ready) {
    findings.push({
      code: 'control-plane-not-ready',
      severity: 'error',
      message: `Control plane ${controlPlane.name} in ${
        controlPlane.namespace
      } is not ready${
        controlPlane.reason ? ` (${controlPlane.reason})` : ''
      }; sidecars are not injected and configuration is not pushed.`,
      object: {
        kind: controlPlaneKind[controlPlane.flavour],
        namespace: controlPlane.namespace,
        name: controlPlane.name,
      },
    });
  }
  const wantsMesh = status.services.some(
    s => s.routes.length > 0 || s.workloads.some(w => w.injectionRequested),
  );
  if (!membership.member && wantsMesh) {
    findings.push({
      code: 'namespace-not-member',
      severity: 'error',
      message: `Namespace ${membership.namespace} is not a member of any mesh control plane, so its sidecar injection and routing rules have no effect; add it to the ServiceMeshMemberRoll.`,
    });
  }
  findings.push(...namespaceLabelFindings(status));
  for (const service of status.services)
    findings.push(
      ...serviceFindings(service, status, threshold),
      ...gatewayApiFindings(service, status),
    );
  return findings.sort(
    (a, b) => severityOrder[a.severity] - severityOrder[b.severity],
  );
}
