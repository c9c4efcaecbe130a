import { K8sObject } from '../k8s/types';
import { Workload } from './sockshopWorkloads';

export interface PodTemplateOptions {
  /** Pod labels (the selector uses `name` only, as SockShop's manifests do). */
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

export function workloadDeployment(
  workload: Workload,
  namespace: string,
  template: PodTemplateOptions,
): K8sObject {
  return {
    metadata: {
      name: workload.name,
      namespace,
      labels: { name: template.labels.name },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { name: template.labels.name } },
      template: {
        metadata: {
          labels: template.labels,
          ...(template.annotations
            ? { annotations: template.annotations }
            : {}),
        },
        spec: {
          containers: [
            {
              name: workload.name,
              image: workload.image,
              ports: [
                {
                  containerPort: workload.containerPort,
                  ...(workload.portName ? { name: workload.portName } : {}),
                  protocol: 'TCP',
                },
              ],
            },
          ],
        },
      },
    },
  };
}

export function workloadService(
  workload: Workload,
  namespace: string,
): K8sObject {
  return {
    metadata: {
      name: workload.name,
      namespace,
      labels: { name: workload.name },
    },
    spec: {
      selector: { name: workload.name },
      ports: [
        {
          ...(workload.portName ? { name: workload.portName } : {}),
          port: workload.servicePort ?? workload.containerPort,
          targetPort: workload.containerPort,
          protocol: 'TCP',
        },
      ],
    },
  };
}
