import { PrinterColumn, ResourceType } from './types';

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  options: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    versions: [version],
    plural,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced: true,
    hasStatus: false,
    ...options,
  };
}

const readyColumns: PrinterColumn[] = [
  { name: 'Ready', type: 'string', jsonPath: '.status.readyReplicas' },
];

/**
 * The kinds a plain OpenShift API server serves whatever operators are installed.
 * Routes are served by the OpenShift API server itself, not by a CRD.
 */
export const builtinResources: ResourceType[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    shortNames: ['ns'],
    hasStatus: true,
  }),
  builtin('', 'v1', 'Pod', 'pods', {
    shortNames: ['po'],
    categories: ['all'],
    hasStatus: true,
  }),
  builtin('', 'v1', 'Service', 'services', {
    shortNames: ['svc'],
    categories: ['all'],
    hasStatus: true,
  }),
  builtin('', 'v1', 'Endpoints', 'endpoints', {
    shortNames: ['ep'],
    singular: 'endpoints',
  }),
  builtin('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  builtin('', 'v1', 'Secret', 'secrets'),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', {
    shortNames: ['sa'],
  }),
  builtin('', 'v1', 'LimitRange', 'limitranges', { shortNames: ['limits'] }),
  builtin('', 'v1', 'ResourceQuota', 'resourcequotas', {
    shortNames: ['quota'],
    hasStatus: true,
  }),
  builtin('', 'v1', 'Event', 'events', { shortNames: ['ev'] }),
  builtin('apps', 'v1', 'Deployment', 'deployments', {
    shortNames: ['deploy'],
    categories: ['all'],
    hasStatus: true,
    hasScale: true,
    printerColumns: readyColumns,
  }),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', {
    shortNames: ['rs'],
    categories: ['all'],
    hasStatus: true,
    hasScale: true,
  }),
  builtin('apps', 'v1', 'StatefulSet', 'statefulsets', {
    shortNames: ['sts'],
    categories: ['all'],
    hasStatus: true,
    hasScale: true,
  }),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', {
    shortNames: ['ds'],
    categories: ['all'],
    hasStatus: true,
  }),
  builtin('batch', 'v1', 'Job', 'jobs', {
    categories: ['all'],
    hasStatus: true,
  }),
  builtin('batch', 'v1', 'CronJob', 'cronjobs', {
    shortNames: ['cj'],
    categories: ['all'],
    hasStatus: true,
  }),
  builtin(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    {
      shortNames: ['hpa'],
      categories: ['all'],
      hasStatus: true,
    },
  ),
  builtin('networking.k8s.io', 'v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    hasStatus: true,
  }),
  builtin('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', {
    shortNames: ['netpol'],
  }),
  builtin(
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    {
      namespaced: false,
      shortNames: ['crd', 'crds'],
      hasStatus: true,
    },
  ),
  builtin('route.openshift.io', 'v1', 'Route', 'routes', {
    hasStatus: true,
    printerColumns: [
      { name: 'Host', type: 'string', jsonPath: '.spec.host' },
      { name: 'Path', type: 'string', jsonPath: '.spec.path' },
      { name: 'Services', type: 'string', jsonPath: '.spec.to.name' },
      { name: 'Port', type: 'string', jsonPath: '.spec.port.targetPort' },
    ],
  }),
];
