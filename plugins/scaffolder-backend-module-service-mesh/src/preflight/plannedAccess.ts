import { ResourceAccess } from '@service-mesh/plugin-service-mesh-node';
import { KindInfo, kindOf, kinds } from '../cluster/kinds';
import { KubeObject } from '../cluster/meshCluster';
import { userNamespaces } from '../inputs/shape';

const groupOf = (kind: KindInfo) =>
  kind.apiVersion.includes('/') ? kind.apiVersion.split('/')[0] : '';

const access = (
  verbs: string[],
  kind: KindInfo,
  namespace?: string,
): ResourceAccess[] =>
  verbs.map(verb => ({
    verb,
    group: groupOf(kind),
    resource: kind.plural,
    ...(kind.namespaced && namespace ? { namespace } : {}),
  }));

/** A server-side apply needs `patch`, and `create` when it makes the object. */
const APPLY = ['create', 'patch'];

type Input = Record<string, any>;

/**
 * What each action writes to the cluster, as verbs on resources in the
 * namespaces of its input: what the portal's service account must be allowed
 * before a run starts. `manifests` are the objects servicemesh:sockshop:deploy
 * will create. The catalog actions write to the catalog only.
 */
export const plannedAccess: Record<
  string,
  (input: Input, manifests: KubeObject[]) => ResourceAccess[]
> = {
  'servicemesh:sockshop:deploy': (input, manifests) => {
    const { app } = userNamespaces(input as any);
    const objectKinds = [
      ...new Map(manifests.map(m => [m.kind, kindOf(m)])).values(),
    ];
    return [
      ...access(['create'], kinds.namespace),
      ...objectKinds.flatMap(kind => access(['create'], kind, app)),
    ];
  },
  'servicemesh:controlplane:apply': input => {
    const { controlPlane } = userNamespaces(input as any);
    return [
      ...access(APPLY, kinds.namespace),
      ...access(APPLY, kinds.controlPlane, controlPlane),
    ];
  },
  'servicemesh:istio:apply': input => {
    const ambient = input.dataplane === 'ambient';
    return [
      ...access(APPLY, kinds.namespace),
      ...access(APPLY, kinds.istio),
      ...(input.cni || ambient ? access(APPLY, kinds.istioCni) : []),
      ...(ambient ? access(APPLY, kinds.ztunnel) : []),
    ];
  },
  'servicemesh:members:label': input => [
    ...access(['patch'], kinds.namespace),
    ...(input.injection === 'default-tag'
      ? access(APPLY, kinds.istioRevisionTag)
      : []),
  ],
  'servicemesh:gateway:expose': input => {
    const { app } = userNamespaces(input as any);
    return [
      ...access(APPLY, kinds.gatewayApiGateway, app),
      ...access(APPLY, kinds.httpRoute, app),
      // the Route it replaces is deleted, its own made (where the cluster serves Routes)
      ...access(['delete', ...APPLY], kinds.route, app),
      {
        verb: 'create',
        group: groupOf(kinds.route),
        resource: kinds.route.plural,
        subresource: 'custom-host',
        namespace: app,
      },
    ];
  },
  'servicemesh:canary:services': input => {
    const { app } = userNamespaces(input as any);
    return [
      ...access(APPLY, kinds.deployment, app),
      ...access(APPLY, kinds.service, app),
      ...access(['patch'], kinds.httpRoute, app),
    ];
  },
  'servicemesh:waypoint:apply': input => [
    ...access(APPLY, kinds.gatewayApiGateway, userNamespaces(input as any).app),
    ...access(['patch'], kinds.namespace),
  ],
  'servicemesh:members:add': input => {
    const { controlPlane } = userNamespaces(input as any);
    return access(APPLY, kinds.memberRoll, controlPlane);
  },
  'servicemesh:sidecars:inject': input =>
    access(['patch'], kinds.deployment, userNamespaces(input as any).app),
  'servicemesh:ingress:expose': input => {
    const { app, controlPlane } = userNamespaces(input as any);
    return [
      ...access(APPLY, kinds.gateway, app),
      ...access(APPLY, kinds.virtualService, app),
      ...access(['delete'], kinds.route, app),
      ...access(APPLY, kinds.route, controlPlane),
      // OpenShift checks this for a Route that sets spec.host
      {
        verb: 'create',
        group: groupOf(kinds.route),
        resource: kinds.route.plural,
        subresource: 'custom-host',
        namespace: controlPlane,
      },
    ];
  },
  'servicemesh:circuitbreaker:apply': input =>
    access(APPLY, kinds.destinationRule, userNamespaces(input as any).app),
  'servicemesh:canary:deploy': input => {
    const { app } = userNamespaces(input as any);
    return [
      ...access(APPLY, kinds.deployment, app),
      ...access(APPLY, kinds.destinationRule, app),
      ...access(APPLY, kinds.virtualService, app),
    ];
  },
  'servicemesh:traffic:shift': input =>
    access(
      ['patch'],
      input.httpRoute ? kinds.httpRoute : kinds.virtualService,
      input.namespace,
    ),
  // startRollout finds the route among the namespace's objects, and refuses
  // one that Flagger or Argo Rollouts owns
  'servicemesh:canary:rollout': input => [
    ...access(['patch'], kinds.virtualService, input.namespace),
    ...[
      kinds.service,
      kinds.destinationRule,
      kinds.virtualService,
      kinds.flaggerCanary,
      kinds.argoRollout,
    ].flatMap(kind => access(['list'], kind, input.namespace)),
  ],
  'servicemesh:teardown': input => {
    const { app, controlPlane } = userNamespaces(input as any);
    return [
      ...[
        kinds.httpRoute,
        kinds.virtualService,
        kinds.destinationRule,
        kinds.gateway,
        kinds.gatewayApiGateway,
        kinds.deployment,
        kinds.service,
        kinds.route,
      ].flatMap(kind => access(['delete', 'patch'], kind, app)),
      // the Route it replaced comes back
      ...access(['create'], kinds.route, app),
      ...access(['delete', 'patch'], kinds.route, controlPlane),
      ...access(['delete', 'patch'], kinds.memberRoll, controlPlane),
      ...access(['delete'], kinds.controlPlane, controlPlane),
      // OSSM 3: the Istio, its default tag, the node agents nothing uses any more
      ...[
        kinds.istio,
        kinds.istioRevisionTag,
        kinds.istioCni,
        kinds.ztunnel,
      ].flatMap(kind => access(['delete'], kind)),
      // the member labels of a namespace the runs did not create
      ...access(['delete', 'patch'], kinds.namespace),
    ];
  },
};

const serviceReads = (input: Input): ResourceAccess[] => {
  const { app } = userNamespaces(input as any);
  return [
    ...access(['list'], kinds.service, app),
    ...access(['list'], kinds.deployment, app),
  ];
};

/** What the preflight itself reads for the checks of each action (see stepChecks). */
export const checkReads: Record<string, (input: Input) => ResourceAccess[]> = {
  'servicemesh:canary:services': serviceReads,
  'servicemesh:members:label': input =>
    input.injection === 'default-tag'
      ? access(['get'], kinds.istioRevisionTag)
      : [],
  'servicemesh:circuitbreaker:apply': serviceReads,
  'servicemesh:canary:deploy': serviceReads,
  // the route a traffic shift changes
  'servicemesh:traffic:shift': input => [
    ...(input.httpRoute
      ? access(['get'], kinds.httpRoute, input.namespace)
      : access(['get'], kinds.virtualService, input.namespace)),
    ...access(['list'], kinds.destinationRule, input.namespace),
  ],
};
