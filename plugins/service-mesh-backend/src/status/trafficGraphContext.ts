import {
  MembershipStatus,
  TrafficGraphContext,
} from '@service-mesh/plugin-service-mesh-common';
import { EntityScope, servicesInScope } from './assembleStatus';
import { membershipOf } from './controlPlane';
import { ControlPlaneObjects, NamespaceObjects } from './kubeObjects';
import { labelsMatch } from './labels';
import { NamespaceIndex } from './namespaceIndex';
import { circuitBreakerOf, destinationRulesFor } from './routes';

/**
 * What a namespace's objects tell the traffic graph: the entity's own
 * workloads, the workloads behind each Service, which Services have outlier
 * detection, and the control plane's namespace (where its gateways run).
 */
export function trafficGraphContext(
  scope: EntityScope,
  objects: NamespaceObjects,
  controlPlane?: ControlPlaneObjects,
): TrafficGraphContext & { membership: MembershipStatus } {
  const membership = membershipOf(
    scope.namespace,
    objects.namespace,
    controlPlane,
  );
  const index = new NamespaceIndex(objects);
  const services = servicesInScope(
    objects,
    { ...scope, workloadLabels: undefined },
    index,
  );
  const controlPlaneNamespace =
    membership.controlPlaneNamespace ?? controlPlane?.object.metadata.namespace;
  return {
    membership,
    namespace: scope.namespace,
    ...(scope.workloadLabels
      ? {
          ownWorkloads: objects.deployments
            .filter(d =>
              labelsMatch(
                scope.workloadLabels,
                d.spec?.template?.metadata?.labels,
              ),
            )
            .map(d => d.metadata.name),
        }
      : {}),
    serviceWorkloads: Object.fromEntries(
      services.map(service => [
        service.metadata.name,
        index
          .deploymentsSelectedBy(service.spec?.selector)
          .map(d => d.metadata.name),
      ]),
    ),
    outlierDetection: services
      .filter(
        service =>
          circuitBreakerOf(
            destinationRulesFor(service, objects.destinationRules),
          )?.outlierDetection,
      )
      .map(service => service.metadata.name),
    gatewayNamespaces: controlPlaneNamespace ? [controlPlaneNamespace] : [],
  };
}
