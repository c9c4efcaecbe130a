import { K8sObject } from '../k8s/types';
import { ComponentDeployment } from './controlPlaneComponents';
import { ControlPlanePlan } from './controlPlanePlan';
import { componentLabel, injectAnnotation, ownerLabel } from './meshLabels';
import { operatorVersion } from './meshVersions';
import { ownerReference } from './objects';

interface Target {
  smcp: K8sObject;
  plan: ControlPlanePlan;
  appsDomain: string;
}

function metadataFor(item: ComponentDeployment, { smcp, plan }: Target) {
  const namespace = smcp.metadata.namespace!;
  return {
    name: item.name,
    namespace,
    labels: {
      [ownerLabel]: namespace,
      'maistra.io/owner-name': smcp.metadata.name!,
      [componentLabel]: item.component,
      'app.kubernetes.io/instance': namespace,
      'app.kubernetes.io/managed-by': 'maistra-istio-operator',
      'app.kubernetes.io/name': item.name,
      'app.kubernetes.io/part-of': 'istio',
      'app.kubernetes.io/version': `${operatorVersion}-${smcp.metadata.generation}`,
      'maistra-version': plan.chartVersion,
      app: item.podLabels.app,
      release: 'istio',
    },
    ownerReferences: [
      ownerReference(smcp, 'maistra.io/v2', 'ServiceMeshControlPlane'),
    ],
  };
}

export function componentDeployment(
  item: ComponentDeployment,
  target: Target,
): K8sObject {
  const namespace = target.smcp.metadata.namespace!;
  return {
    metadata: metadataFor(item, target),
    spec: {
      replicas: 1,
      selector: { matchLabels: item.podLabels },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: {
          labels: {
            ...item.podLabels,
            [componentLabel]: item.component,
            'maistra-control-plane': namespace,
            'maistra-version': target.plan.chartVersion,
          },
          annotations: { [injectAnnotation]: 'false' },
        },
        spec: {
          serviceAccountName: item.name,
          containers: item.containers.map(container => ({
            name: container.name,
            image: container.image,
            ports: container.ports.map(p => ({ ...p, protocol: 'TCP' })),
          })),
        },
      },
    },
  };
}

/** The ServiceAccount a component's pods run as (the API server refuses pods whose account is missing). */
export function componentServiceAccount(
  item: ComponentDeployment,
  target: Target,
): K8sObject {
  return { metadata: metadataFor(item, target) };
}

export function componentService(
  item: ComponentDeployment,
  target: Target,
): K8sObject {
  return {
    metadata: metadataFor(item, target),
    spec: {
      selector: item.podLabels,
      ports: item.servicePorts.map(p => ({ ...p, protocol: 'TCP' })),
    },
  };
}

/** The Route an addon gets: `<name>-<namespace>.<apps domain>`, re-encrypting TLS. */
export function componentRoute(
  item: ComponentDeployment,
  target: Target,
): K8sObject {
  const metadata = metadataFor(item, target);
  return {
    metadata,
    spec: {
      host: `${item.name}-${metadata.namespace}.${target.appsDomain}`,
      to: { kind: 'Service', name: item.name, weight: 100 },
      port: { targetPort: item.routeTargetPort },
      tls: {
        termination: 'reencrypt',
        insecureEdgeTerminationPolicy: 'Redirect',
      },
      wildcardPolicy: 'None',
    },
  };
}
