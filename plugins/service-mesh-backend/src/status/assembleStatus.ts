import {
  KialiHealth,
  MeshStatus,
  ObservedTraffic,
  ServiceStatus,
  computeFindings,
} from '@service-mesh/plugin-service-mesh-common';
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
import { podsOf, workloadStatus } from './workloads';

/** Which services of the namespace an entity covers. */
export interface EntityScope {
  entity: MeshStatus['entity'];
  cluster: string;
  namespace: string;
  /** Equality labels of the entity's workloads (a Component); undefined covers the namespace (a System). */
  workloadLabels?: Record<string, string>;
}

const selects = (service: KubeObject, deployment: KubeObject) =>
  labelsMatch(
    service.spec?.selector,
    deployment.spec?.template?.metadata?.labels,
  );

/** The services an entity covers: all of the namespace, or those selecting its workloads. */
export function servicesInScope(
  objects: NamespaceObjects,
  scope: EntityScope,
): KubeObject[] {
  const services = objects.services.filter(
    s => s.spec?.selector && Object.keys(s.spec.selector).length > 0,
  );
  if (!scope.workloadLabels) return services;
  const own = objects.deployments.filter(d =>
    labelsMatch(scope.workloadLabels, d.spec?.template?.metadata?.labels),
  );
  return services.filter(s => own.some(d => selects(s, d)));
}

/**
 * The mesh status of an entity: Kubernetes objects, plus what Prometheus
 * observed and Kiali's health per service name when those sources answered.
 */
export function assembleStatus(options: {
  scope: EntityScope;
  objects: NamespaceObjects;
  controlPlane?: ControlPlaneObjects;
  observed?: Record<string, ObservedTraffic>;
  health?: Record<string, KialiHealth>;
  links?: MeshStatus['links'];
  sources: MeshStatus['sources'];
  driftThresholdPercent?: number;
  now?: Date;
}): MeshStatus {
  const { scope, objects, controlPlane } = options;
  const membership = membershipOf(
    scope.namespace,
    objects.namespace,
    controlPlane,
  );
  const services: ServiceStatus[] = servicesInScope(objects, scope).map(
    service => {
      const deployments = objects.deployments.filter(d => selects(service, d));
      const servicePods = deployments.flatMap(d => podsOf(d, objects.pods));
      const rules = destinationRulesFor(service, objects.destinationRules);
      const name = service.metadata.name;
      const observed = options.observed?.[name];
      const health = options.health?.[name];
      const circuitBreaker = circuitBreakerOf(rules);
      return {
        name,
        workloads: deployments.map(d =>
          workloadStatus(d, objects.pods, membership.member),
        ),
        routes: routesTo({
          service,
          virtualServices: objects.virtualServices,
          destinationRules: objects.destinationRules,
          gateways: objects.gateways,
          servicePods,
        }),
        subsets: subsetStatuses(rules, servicePods),
        ...(circuitBreaker ? { circuitBreaker } : {}),
        ...(observed ? { observed } : {}),
        ...(health ? { health } : {}),
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
  return {
    ...status,
    findings: computeFindings(status, {
      driftThreshold: options.driftThresholdPercent,
    }),
  };
}
