import { Finding, MeshStatus, ServiceStatus } from './meshStatus';

type StatusWithoutFindings = Omit<MeshStatus, 'findings'>;

/** Findings of the namespace's OSSM 3 / upstream Istio labels: a missing revision, Maistra mixed with OSSM 3. */
export function namespaceLabelFindings(
  status: StatusWithoutFindings,
): Finding[] {
  const { membership, controlPlane } = status;
  const findings: Finding[] = [];
  const maistraMember =
    membership.via === 'member-of-label' || membership.via === 'member-roll';
  if (maistraMember && (membership.revision || membership.dataplaneMode)) {
    const labels = [
      ...(membership.revision ? [`istio.io/rev=${membership.revision}`] : []),
      ...(membership.dataplaneMode
        ? [`istio.io/dataplane-mode=${membership.dataplaneMode}`]
        : []),
    ].join(' and ');
    findings.push({
      code: 'maistra-member-with-istio-labels',
      severity: 'warning',
      message: `Namespace ${membership.namespace} is a member of the Maistra control plane in ${membership.controlPlaneNamespace} but also carries ${labels}; a namespace should be served by one mesh: finish the migration to OSSM 3 (label it maistra.io/ignore-namespace and remove it from the member roll) or remove the OSSM 3 labels.`,
    });
  }
  if (membership.waypoint && membership.waypointFound === false) {
    findings.push({
      code: 'waypoint-not-found',
      severity: 'warning',
      message: `Namespace ${membership.namespace} uses waypoint ${membership.waypoint}, but no Gateway of that name exists in it; its L7 routing and policies are not applied until the waypoint is deployed.`,
    });
  }
  if (!maistraMember && membership.revision && !controlPlane) {
    findings.push({
      code: 'revision-not-found',
      severity: 'error',
      message: `Namespace ${membership.namespace} asks for Istio revision ${membership.revision}, but no Istio, IstioRevision, revision tag or istiod serves it; its pods get no sidecar and no configuration.`,
    });
  }
  return findings;
}

const hasWaypoint = (service: ServiceStatus, status: StatusWithoutFindings) =>
  Boolean(status.membership.waypoint) ||
  service.workloads.some(w => w.waypoint);

/** Findings of a service's HTTPRoutes, and of L7 configuration an ambient data plane cannot apply. */
export function gatewayApiFindings(
  service: ServiceStatus,
  status: StatusWithoutFindings,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of service.httpRoutes ?? []) {
    const object = {
      kind: 'HTTPRoute',
      namespace: rule.namespace,
      name: rule.httpRoute,
    };
    for (const parent of rule.parentRefs.filter(p => p.found === false)) {
      findings.push({
        code: 'httproute-parent-missing',
        severity: 'error',
        message: `HTTPRoute ${rule.httpRoute} is attached to ${parent.kind} ${parent.name}, which does not exist; the route is not applied there.`,
        service: service.name,
        object,
      });
    }
    for (const d of rule.destinations) {
      if (d.serviceFound === false) {
        findings.push({
          code: 'httproute-backend-missing',
          severity: 'error',
          message: `HTTPRoute ${rule.httpRoute} sends ${d.weight}% of ${service.name}'s traffic to Service ${d.host}, which does not exist; those requests fail with 500.`,
          service: service.name,
          object,
        });
      } else if (d.serviceFound && d.matchingPods === 0 && d.weight > 0) {
        findings.push({
          code: 'httproute-backend-without-pods',
          severity: 'warning',
          message: `HTTPRoute ${rule.httpRoute} sends ${d.weight}% of ${service.name}'s traffic to Service ${d.host}, which selects no ready pods; those requests fail with 503.`,
          service: service.name,
          object,
        });
      }
    }
  }
  const httpRoutes = service.httpRoutes ?? [];
  if (service.routes.length > 0 && httpRoutes.length > 0) {
    findings.push({
      code: 'host-routed-twice',
      severity: 'warning',
      message: `${service.name} is routed both by VirtualService ${service.routes[0].virtualService} and by HTTPRoute ${httpRoutes[0].httpRoute}; Istio applies only one of them per request, so keep one API for the service.`,
      service: service.name,
      object: {
        kind: 'HTTPRoute',
        namespace: httpRoutes[0].namespace,
        name: httpRoutes[0].httpRoute,
      },
    });
  }
  const ambient =
    status.membership.dataplaneMode === 'ambient' ||
    service.workloads.some(w => w.dataplane === 'ambient');
  if (ambient && !hasWaypoint(service, status)) {
    const policies = [
      ...service.routes.map(r => `VirtualService ${r.virtualService}`),
      ...httpRoutes.map(r => `HTTPRoute ${r.httpRoute}`),
      ...(service.l7AuthorizationPolicies ?? []).map(
        name => `AuthorizationPolicy ${name}`,
      ),
    ];
    if (policies.length > 0) {
      findings.push({
        code: 'ambient-l7-without-waypoint',
        severity: 'warning',
        message: `${
          service.name
        } runs in the ambient data plane without a waypoint, so its L7 configuration (${[
          ...new Set(policies),
        ].join(
          ', ',
        )}) is not applied; deploy a waypoint and label the namespace or service istio.io/use-waypoint.`,
        service: service.name,
      });
    }
  }
  return findings;
}
