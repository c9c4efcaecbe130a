/** A kind the actions read or write, and who provides it when it is missing. */
export interface KindInfo {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** What must be installed for the kind to exist. */
  providedBy: string;
}

const openShift = 'OpenShift (route.openshift.io)';
const serviceMesh = 'the OpenShift Service Mesh operator (maistra.io)';
const istio = 'the Service Mesh control plane CRDs (networking.istio.io)';
const sail = 'the OpenShift Service Mesh 3 (Sail) operator (sailoperator.io)';
const gatewayApi = 'the Gateway API CRDs (gateway.networking.k8s.io)';

export const kinds = {
  namespace: {
    apiVersion: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    providedBy: 'Kubernetes',
  },
  pod: {
    apiVersion: 'v1',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    providedBy: 'Kubernetes',
  },
  service: {
    apiVersion: 'v1',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
    providedBy: 'Kubernetes',
  },
  persistentVolumeClaim: {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    namespaced: true,
    providedBy: 'Kubernetes',
  },
  deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    providedBy: 'Kubernetes',
  },
  route: {
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    plural: 'routes',
    namespaced: true,
    providedBy: openShift,
  },
  controlPlane: {
    apiVersion: 'maistra.io/v2',
    kind: 'ServiceMeshControlPlane',
    plural: 'servicemeshcontrolplanes',
    namespaced: true,
    providedBy: serviceMesh,
  },
  memberRoll: {
    apiVersion: 'maistra.io/v1',
    kind: 'ServiceMeshMemberRoll',
    plural: 'servicemeshmemberrolls',
    namespaced: true,
    providedBy: serviceMesh,
  },
  virtualService: {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    plural: 'virtualservices',
    namespaced: true,
    providedBy: istio,
  },
  httpRoute: {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    plural: 'httproutes',
    namespaced: true,
    providedBy: gatewayApi,
  },
  gatewayApiGateway: {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    plural: 'gateways',
    namespaced: true,
    providedBy: gatewayApi,
  },
  istio: {
    apiVersion: 'sailoperator.io/v1',
    kind: 'Istio',
    plural: 'istios',
    namespaced: false,
    providedBy: sail,
  },
  istioRevision: {
    apiVersion: 'sailoperator.io/v1',
    kind: 'IstioRevision',
    plural: 'istiorevisions',
    namespaced: false,
    providedBy: sail,
  },
  istioRevisionTag: {
    apiVersion: 'sailoperator.io/v1',
    kind: 'IstioRevisionTag',
    plural: 'istiorevisiontags',
    namespaced: false,
    providedBy: sail,
  },
  istioCni: {
    apiVersion: 'sailoperator.io/v1',
    kind: 'IstioCNI',
    plural: 'istiocnis',
    namespaced: false,
    providedBy: sail,
  },
  ztunnel: {
    apiVersion: 'sailoperator.io/v1',
    kind: 'ZTunnel',
    plural: 'ztunnels',
    namespaced: false,
    providedBy: sail,
  },
  destinationRule: {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    plural: 'destinationrules',
    namespaced: true,
    providedBy: istio,
  },
  gateway: {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'Gateway',
    plural: 'gateways',
    namespaced: true,
    providedBy: istio,
  },
  kiali: {
    apiVersion: 'kiali.io/v1alpha1',
    kind: 'Kiali',
    plural: 'kialis',
    namespaced: true,
    providedBy: 'the Kiali operator (kiali.io)',
  },
  jaeger: {
    apiVersion: 'jaegertracing.io/v1',
    kind: 'Jaeger',
    plural: 'jaegers',
    namespaced: true,
    providedBy: 'the Jaeger operator (jaegertracing.io)',
  },
  elasticsearch: {
    apiVersion: 'logging.openshift.io/v1',
    kind: 'Elasticsearch',
    plural: 'elasticsearches',
    namespaced: true,
    providedBy: 'the Elasticsearch operator (logging.openshift.io)',
  },
  flaggerCanary: {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    plural: 'canaries',
    namespaced: true,
    providedBy: 'Flagger (flagger.app)',
  },
  argoRollout: {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    plural: 'rollouts',
    namespaced: true,
    providedBy: 'Argo Rollouts (argoproj.io)',
  },
} satisfies Record<string, KindInfo>;

/** The kind of an object by its apiVersion and kind. */
export function kindOf(object: {
  apiVersion?: string;
  kind?: string;
}): KindInfo {
  const found = Object.values(kinds).find(
    k =>
      k.kind === object.kind &&
      (!object.apiVersion ||
        k.apiVersion.split('/')[0] === object.apiVersion.split('/')[0]),
  );
  return (
    found ?? {
      apiVersion: object.apiVersion ?? 'v1',
      kind: object.kind ?? 'object',
      plural: `${(object.kind ?? 'object').toLowerCase()}s`,
      namespaced: true,
      providedBy: `the API group of ${object.apiVersion}`,
    }
  );
}
