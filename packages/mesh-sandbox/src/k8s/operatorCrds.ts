import { makeCrd } from './crdResources';
import { K8sObject } from './types';

const readyReason = '.status.conditions[?(@.type=="Ready")].reason';

const smcpColumns = [
  {
    name: 'Ready',
    type: 'string',
    jsonPath: '.status.annotations.readyComponentCount',
  },
  { name: 'Status', type: 'string', jsonPath: readyReason },
  {
    name: 'Profiles',
    type: 'string',
    jsonPath: '.status.appliedSpec.profiles',
  },
  { name: 'Version', type: 'string', jsonPath: '.status.chartVersion' },
];

/** CRDs of the OpenShift Service Mesh (Maistra 2.x) operator, including Istio's networking kinds. */
export const serviceMeshCrds: K8sObject[] = [
  makeCrd({
    group: 'maistra.io',
    kind: 'ServiceMeshControlPlane',
    plural: 'servicemeshcontrolplanes',
    shortNames: ['smcp'],
    categories: ['maistra-io'],
    versions: [
      { name: 'v2', storage: true, columns: smcpColumns },
      { name: 'v1', columns: smcpColumns },
    ],
  }),
  makeCrd({
    group: 'maistra.io',
    kind: 'ServiceMeshMemberRoll',
    plural: 'servicemeshmemberrolls',
    shortNames: ['smmr'],
    categories: ['maistra-io'],
    versions: [
      {
        name: 'v1',
        storage: true,
        columns: [
          {
            name: 'Ready',
            type: 'string',
            jsonPath: '.status.annotations.configuredMemberCount',
          },
          { name: 'Status', type: 'string', jsonPath: readyReason },
          {
            name: 'Members',
            type: 'string',
            jsonPath: '.status.members',
            priority: 1,
          },
        ],
      },
    ],
  }),
  makeCrd({
    group: 'maistra.io',
    kind: 'ServiceMeshMember',
    plural: 'servicemeshmembers',
    shortNames: ['smm'],
    categories: ['maistra-io'],
    versions: [
      {
        name: 'v1',
        storage: true,
        columns: [
          {
            name: 'Control Plane',
            type: 'string',
            jsonPath: '.status.annotations.controlPlaneRef',
          },
          {
            name: 'Ready',
            type: 'string',
            jsonPath: '.status.conditions[?(@.type=="Ready")].status',
          },
        ],
      },
    ],
  }),
  // Istio 1.16-1.20, as OpenShift Service Mesh 2.x ships it: v1alpha3 and v1beta1, no v1.
  makeCrd({
    group: 'networking.istio.io',
    kind: 'VirtualService',
    plural: 'virtualservices',
    shortNames: ['vs'],
    categories: ['istio-io', 'networking-istio-io'],
    versions: ['v1beta1', 'v1alpha3'].map((name, i) => ({
      name,
      storage: i === 0,
      columns: [
        { name: 'Gateways', type: 'string', jsonPath: '.spec.gateways' },
        { name: 'Hosts', type: 'string', jsonPath: '.spec.hosts' },
      ],
    })),
  }),
  makeCrd({
    group: 'networking.istio.io',
    kind: 'DestinationRule',
    plural: 'destinationrules',
    shortNames: ['dr'],
    categories: ['istio-io', 'networking-istio-io'],
    versions: ['v1beta1', 'v1alpha3'].map((name, i) => ({
      name,
      storage: i === 0,
      columns: [{ name: 'Host', type: 'string', jsonPath: '.spec.host' }],
    })),
  }),
  makeCrd({
    group: 'networking.istio.io',
    kind: 'Gateway',
    plural: 'gateways',
    shortNames: ['gw'],
    categories: ['istio-io', 'networking-istio-io'],
    versions: ['v1beta1', 'v1alpha3'].map((name, i) => ({
      name,
      storage: i === 0,
    })),
  }),
];

export const kialiCrds: K8sObject[] = [
  makeCrd({
    group: 'kiali.io',
    kind: 'Kiali',
    plural: 'kialis',
    versions: [{ name: 'v1alpha1', storage: true }],
  }),
];

export const jaegerCrds: K8sObject[] = [
  makeCrd({
    group: 'jaegertracing.io',
    kind: 'Jaeger',
    plural: 'jaegers',
    versions: [{ name: 'v1', storage: true }],
  }),
];

export const elasticsearchCrds: K8sObject[] = [
  makeCrd({
    group: 'logging.openshift.io',
    kind: 'Elasticsearch',
    plural: 'elasticsearches',
    shortNames: ['es'],
    versions: [{ name: 'v1', storage: true }],
  }),
];

/** The CRDs of the four operators the guide needs installed cluster-wide. */
export const allOperatorCrds: K8sObject[] = [
  ...serviceMeshCrds,
  ...kialiCrds,
  ...jaegerCrds,
  ...elasticsearchCrds,
];
