/** A kind of object as the API server serves it: where its REST path lives. */
export interface Kind {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const kind = (
  group: string,
  version: string,
  plural: string,
  name: string,
  namespaced = true,
): Kind => ({ group, version, plural, kind: name, namespaced });

/** Every kind the simulated operators, the traffic model and the scenarios read or write. */
export const kinds = {
  namespaces: kind('', 'v1', 'namespaces', 'Namespace', false),
  nodes: kind('', 'v1', 'nodes', 'Node', false),
  pods: kind('', 'v1', 'pods', 'Pod'),
  services: kind('', 'v1', 'services', 'Service'),
  serviceAccounts: kind('', 'v1', 'serviceaccounts', 'ServiceAccount'),
  configMaps: kind('', 'v1', 'configmaps', 'ConfigMap'),
  deployments: kind('apps', 'v1', 'deployments', 'Deployment'),
  replicaSets: kind('apps', 'v1', 'replicasets', 'ReplicaSet'),
  daemonSets: kind('apps', 'v1', 'daemonsets', 'DaemonSet'),
  networkPolicies: kind(
    'networking.k8s.io',
    'v1',
    'networkpolicies',
    'NetworkPolicy',
  ),
  customResourceDefinitions: kind(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
  ),
  mutatingWebhookConfigurations: kind(
    'admissionregistration.k8s.io',
    'v1',
    'mutatingwebhookconfigurations',
    'MutatingWebhookConfiguration',
    false,
  ),
  clusterRoles: kind(
    'rbac.authorization.k8s.io',
    'v1',
    'clusterroles',
    'ClusterRole',
    false,
  ),
  clusterRoleBindings: kind(
    'rbac.authorization.k8s.io',
    'v1',
    'clusterrolebindings',
    'ClusterRoleBinding',
    false,
  ),
  routes: kind('route.openshift.io', 'v1', 'routes', 'Route'),
  controlPlanes: kind(
    'maistra.io',
    'v2',
    'servicemeshcontrolplanes',
    'ServiceMeshControlPlane',
  ),
  memberRolls: kind(
    'maistra.io',
    'v1',
    'servicemeshmemberrolls',
    'ServiceMeshMemberRoll',
  ),
  members: kind('maistra.io', 'v1', 'servicemeshmembers', 'ServiceMeshMember'),
  gateways: kind('networking.istio.io', 'v1beta1', 'gateways', 'Gateway'),
  virtualServices: kind(
    'networking.istio.io',
    'v1beta1',
    'virtualservices',
    'VirtualService',
  ),
  destinationRules: kind(
    'networking.istio.io',
    'v1beta1',
    'destinationrules',
    'DestinationRule',
  ),
  istios: kind('sailoperator.io', 'v1', 'istios', 'Istio', false),
  istioRevisions: kind(
    'sailoperator.io',
    'v1',
    'istiorevisions',
    'IstioRevision',
    false,
  ),
  istioRevisionTags: kind(
    'sailoperator.io',
    'v1',
    'istiorevisiontags',
    'IstioRevisionTag',
    false,
  ),
  istioCNIs: kind('sailoperator.io', 'v1', 'istiocnis', 'IstioCNI', false),
  ztunnels: kind('sailoperator.io', 'v1', 'ztunnels', 'ZTunnel', false),
  gatewayApiGateways: kind(
    'gateway.networking.k8s.io',
    'v1',
    'gateways',
    'Gateway',
  ),
  httpRoutes: kind(
    'gateway.networking.k8s.io',
    'v1',
    'httproutes',
    'HTTPRoute',
  ),
} satisfies Record<string, Kind>;

export type KindName = keyof typeof kinds;

export const apiVersionOf = (k: Kind) =>
  k.group ? `${k.group}/${k.version}` : k.version;

/** The REST path of a kind's collection, or of one object when name is given. */
export function resourcePath(
  k: Kind,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
  const ns =
    k.namespaced && namespace
      ? `/namespaces/${encodeURIComponent(namespace)}`
      : '';
  const object = name ? `/${encodeURIComponent(name)}` : '';
  const sub = name && subresource ? `/${subresource}` : '';
  return `${base}${ns}/${k.plural}${object}${sub}`;
}

/** `group/plural`, the key the cache indexes a kind by. */
export const kindKey = (k: Pick<Kind, 'group' | 'plural'>) =>
  `${k.group}/${k.plural}`;
