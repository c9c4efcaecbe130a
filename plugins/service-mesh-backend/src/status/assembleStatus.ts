import {
  ExternalDelivery,
  MeshStatus,
  ObservedTraffic,
  ServiceStatus,
  computeFindings,
} from '@service-mesh/plugin-service-mesh-common';
import { NamespaceHealth, healthIn } from '../kiali/kialiClient';
import { controlPlaneStatus, membershipOf } from './controlPlane';
import {
  ControlPlaneObjects,
  KubeObject,
  NamespaceObjects,
} from './kubeObjects';
import { labelsMatch } from './labels';
import {
  circuitBreakerOf,
  destinationRulesFor,
  routesTo,
  subsetStatuses,
} from './routes';
import { NamespaceIndex } from './namespaceIndex';
import { deliveryOfService, rolloutOfService } from './rollouts';
import { workloadStatus } from './workloads';
import { ambientContextOf, l4OnlyOf } from './dataplane';
import { httpRoutesTo, perVersionBackends } from './httpRoutes';
import { combinedObserved } from './combinedObserved';
import { l7AuthorizationPoliciesFor } from './authorizationPolicies';
import { withWaypointFound } from './waypoint';

/**
 * Which services of the namespace an entity covers.
 *
 * @public
 */
export interface EntityScope {
  entity: MeshStatus['entity'];
  cluster: string;
  namespace: string;
  /** Equality labels of the entity's workloads (a Component); undefined covers the namespace (a System). */
  workloadLabels?: Record<string, string>;
}

/** The label istiod puts on the pods (and the Service selector) of a Gateway API Gateway it deploys. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The services an entity covers: all of the namespace, or those selecting its workloads. */
export function servicesInScope(
  objects: NamespaceObjects,
  scope: EntityScope,
  index = new NamespaceIndex(objects),
): KubeObject[] {
  const folded = perVersionBackends(objects.services, objects.httpRoutes ?? []);
  const services = objects.services.filter(
    s =>
      s.spec?.selector &&
      Object.keys(s.spec.selector).length > 0 &&
      !folded.has(s.metadata.name) &&
      // istiod's Deployment of a Gateway API Gateway: a gateway, not an app service
      !(GATEWAY_NAME_LABEL in s.spec.selector),
  );
  if (!scope.workloadLabels) return services;
  const own = objects.deployments.filter(d =>
    labelsMatch(scope.workloadLabels, d.spec?.template?.metadata?.labels),
  );
  const ownNames = new Set(own.map(d => d.metadata.name));
  return services.filter(s =>
    index
      .deploymentsSelectedBy(s.spec?.selector)
      .some(d => ownNames.has(d.metadata.name)),
  );
}

/**
 * The mesh status of an entity: Kubernetes objects, plus what Prometheus
 * observed and Kiali's health per service name when those sources answered.
 *
 * @public
 */
export function assembleStatus(options: {
  scope: EntityScope;
  objects: NamespaceObjects;
  controlPlane?: ControlPlaneObjects;
  observed?: Record<string, ObservedTraffic>;
  health?: NamespaceHealth;
  links?: MeshStatus['links'];
  /** The configured link to the Flagger Canary or Argo Rollout that owns a route. */
  deliveryLinkOf?: (owner: ExternalDelivery) => string | undefined;
  sources: MeshStatus['sources'];
  driftThresholdPercent?: number;
  now?: Date;
}): MeshStatus {
  const { scope, objects, controlPlane } = options;
  const membership = withWaypointFound(
    membershipOf(scope.namespace, objects.namespace, controlPlane),
    objects,
  );
  const index = new NamespaceIndex(objects);
  const services: ServiceStatus[] = servicesInScope(objects, scope, index).map(
    service => {
      const deployments = index.deploymentsSelectedBy(service.spec?.selector);
      const servicePods = deployments.flatMap(d => index.podsOf(d));
      const rules = destinationRulesFor(service, objects.destinationRules);
      const name = service.metadata.name;
      const health = healthIn(options.health, 'services', name);
      const circuitBreaker = circuitBreakerOf(rules);
      const routes = routesTo({
        service,
        virtualServices: objects.virtualServices,
        destinationRules: objects.destinationRules,
        gateways: objects.gateways,
        servicePods,
      });
      const httpRoutes = httpRoutesTo({
        service,
        services: objects.services,
        httpRoutes: objects.httpRoutes ?? [],
        pods: objects.pods,
        gateways: objects.gatewayApiGateways,
      });
      const deliveredBy = deliveryOfService(
        routes,
        httpRoutes,
        objects,
        options.deliveryLinkOf,
      );
      // Traffic an HTTPRoute sends through per-version Services is reported under their names.
      const observed = combinedObserved([
        options.observed?.[name],
        ...[
          ...new Set(
            httpRoutes.flatMap(r =>
              r.destinations.map(d => d.host).filter(host => host !== name),
            ),
          ),
        ].map(host => options.observed?.[host]),
      ]);
      const l7Policies = l7AuthorizationPoliciesFor(
        service,
        deployments.map(d => d.spec?.template?.metadata?.labels ?? {}),
        objects.authorizationPolicies ?? [],
      );
      const ambientContext = ambientContextOf(objects.namespace, service);
      const workloads = deployments.map(d => {
        const workload = workloadStatus(
          d,
          index.podsOf(d),
          membership.member,
          ambientContext,
        );
        const workloadHealth = healthIn(
          options.health,
          'workloads',
          d.metadata.name,
        );
        return workloadHealth
          ? { ...workload, health: workloadHealth }
          : workload;
      });
      return {
        name,
        workloads,
        routes,
        ...(httpRoutes.length > 0 ? { httpRoutes } : {}),
        ...(l7Policies.length > 0
          ? { l7AuthorizationPolicies: l7Policies }
          : {}),
        subsets: subsetStatuses(rules, servicePods),
        ...(circuitBreaker ? { circuitBreaker } : {}),
        ...(observed ? { observed } : {}),
        ...(l4OnlyOf(workloads) ? { l4Only: true } : {}),
        ...(health ? { health } : {}),
        ...rolloutOfService(name, routes, httpRoutes, objects),
        ...(deliveredBy ? { deliveredBy } : {}),
      };
    },
  );
  const status = {
    entity: scope.entity,
    cluster: scope.cluster,
    namespace: scope.namespace,
    generatedAt: (options.now ?? new Date()).toISOString(),
    ...(controlPlane ? { controlPlane: controlPlaneStatus(controlPlane) } : {}),
    membership,
    services: services.sort((a, b) => a.name.localeCompare(b.name)),
    links: options.links ?? {},
    sources: options.sources,
  };
  const kubernetes = options.sources.kubernetes;
  // Refused reads of the namespace or the member rolls leave membership unknown, not false.
  const membershipUnknown =
    kubernetes?.state === 'degraded' &&
    kubernetes.forbidden.some(
      read =>
        read.resource === 'namespaces' ||
        read.resource === 'servicemeshmemberrolls',
    );
  // Refused reads of the control plane's objects leave a revision's existence unknown.
  const revisionUnknown =
    kubernetes?.state === 'degraded' &&
    kubernetes.forbidden.some(read =>
      [
        'namespaces',
        'istios',
        'istiorevisions',
        'istiorevisiontags',
        'deployments',
      ].includes(read.resource),
    );
  return {
    ...status,
    findings: computeFindings(status, {
      driftThreshold: options.driftThresholdPercent,
    }).filter(
      finding =>
        !(membershipUnknown && finding.code === 'namespace-not-member') &&
        !(revisionUnknown && finding.code === 'revision-not-found'),
    ),
  };
}
