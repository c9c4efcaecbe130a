import * as k8s from '@kubernetes/client-node';
import {
  ForbiddenRead,
  ISTIO_INJECTION_LABEL,
  ISTIO_REVISION_LABEL,
  MAISTRA_MEMBER_OF_LABEL,
} from '@service-mesh/plugin-service-mesh-common';
import {
  ARGO_ROLLOUTS,
  FLAGGER_CANARIES,
} from '@service-mesh/plugin-service-mesh-node';
import {
  ControlPlaneObjects,
  KubeObject,
  NamespaceObjects,
} from '../status/kubeObjects';
import { requestedRevision } from '../status/istioLabels';
import {
  SailObjects,
  istiodForRevision,
  sailObjectForRevision,
} from './revisionResolution';

const ISTIO_NETWORKING = { group: 'networking.istio.io', version: 'v1beta1' };
const MAISTRA = 'maistra.io';
const GATEWAY_API = { group: 'gateway.networking.k8s.io', version: 'v1' };
const ISTIO_SECURITY = { group: 'security.istio.io', version: 'v1' };
const SAIL = { group: 'sailoperator.io', version: 'v1' };

const notServed = (error: unknown) => (error as any)?.code === 404;
const notAllowed = (error: unknown) => (error as any)?.code === 403;

/**
 * One read of what a status needs: a 404 (no such kind installed, or no such
 * object) answers `fallback`, and so does a 403, recorded in `forbidden` so
 * that the status can say which read the portal's credentials were refused
 * while the rest still shows.
 */
async function guarded<T>(
  read: ForbiddenRead,
  forbidden: ForbiddenRead[],
  call: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (notServed(error)) return fallback;
    if (notAllowed(error)) {
      forbidden.push(read);
      return fallback;
    }
    throw error;
  }
}

const itemsOf = (list: any): KubeObject[] =>
  (list?.items ?? []) as KubeObject[];

/**
 * Reads what a mesh status needs from one cluster: a fixed number of
 * namespace-scoped requests, made in parallel, whatever the number of services.
 */
export class MeshReader {
  private readonly core: k8s.CoreV1Api;
  private readonly apps: k8s.AppsV1Api;
  private readonly custom: k8s.CustomObjectsApi;

  constructor(kc: k8s.KubeConfig) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.apps = kc.makeApiClient(k8s.AppsV1Api);
    this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
  }

  /** The namespace's objects; reads refused with 403 are added to `forbidden` and read as empty. */
  async readNamespace(
    namespace: string,
    forbidden: ForbiddenRead[] = [],
  ): Promise<NamespaceObjects> {
    const list = (resource: string, call: () => Promise<any>) =>
      guarded({ verb: 'list', resource, namespace }, forbidden, call, {
        items: [],
      }).then(itemsOf);
    const istio = (plural: string) =>
      list(plural, () =>
        this.custom.listNamespacedCustomObject({
          ...ISTIO_NETWORKING,
          namespace,
          plural,
        }),
      );
    const [
      ns,
      deployments,
      pods,
      services,
      virtualServices,
      destinationRules,
      gateways,
      flaggerCanaries,
      argoRollouts,
      httpRoutes,
      gatewayApiGateways,
      authorizationPolicies,
    ] = await Promise.all([
      guarded(
        { verb: 'get', resource: 'namespaces', name: namespace },
        forbidden,
        () => this.core.readNamespace({ name: namespace }),
        undefined,
      ),
      list('deployments', () =>
        this.apps.listNamespacedDeployment({ namespace }),
      ),
      list('pods', () => this.core.listNamespacedPod({ namespace })),
      list('services', () => this.core.listNamespacedService({ namespace })),
      istio('virtualservices'),
      istio('destinationrules'),
      istio('gateways'),
      list('canaries', () =>
        this.custom.listNamespacedCustomObject({
          ...FLAGGER_CANARIES,
          namespace,
        }),
      ),
      list('rollouts', () =>
        this.custom.listNamespacedCustomObject({ ...ARGO_ROLLOUTS, namespace }),
      ),
      list('httproutes', () =>
        this.custom.listNamespacedCustomObject({
          ...GATEWAY_API,
          namespace,
          plural: 'httproutes',
        }),
      ),
      list('gateways.gateway.networking.k8s.io', () =>
        this.custom.listNamespacedCustomObject({
          ...GATEWAY_API,
          namespace,
          plural: 'gateways',
        }),
      ),
      list('authorizationpolicies', () =>
        this.custom.listNamespacedCustomObject({
          ...ISTIO_SECURITY,
          namespace,
          plural: 'authorizationpolicies',
        }),
      ),
    ]);
    return {
      namespace: ns as KubeObject | undefined,
      deployments,
      pods,
      services,
      virtualServices,
      destinationRules,
      gateways,
      flaggerCanaries,
      argoRollouts,
      httpRoutes,
      gatewayApiGateways,
      authorizationPolicies,
    };
  }

  /**
   * The control plane governing a namespace (see `resolveControlPlane`);
   * refused reads are added to `forbidden`.
   */
  readControlPlane(
    namespace: string,
    object: KubeObject | undefined,
    forbidden: ForbiddenRead[] = [],
  ): Promise<ControlPlaneObjects | undefined> {
    const listCustom = (
      version: string,
      plural: string,
      ns: string | undefined,
      group = MAISTRA,
    ) =>
      guarded(
        { verb: 'list', resource: plural, namespace: ns },
        forbidden,
        () =>
          ns
            ? this.custom.listNamespacedCustomObject({
                group,
                version,
                namespace: ns,
                plural,
              })
            : this.custom.listClusterCustomObject({ group, version, plural }),
        { items: [] },
      ).then(itemsOf);
    return resolveControlPlane(namespace, object, {
      memberRolls: () => listCustom('v1', 'servicemeshmemberrolls', undefined),
      maistra: async controlPlaneNamespace => {
        const [controlPlanes, memberRoll, routes] = await Promise.all([
          listCustom('v2', 'servicemeshcontrolplanes', controlPlaneNamespace),
          guarded(
            {
              verb: 'get',
              resource: 'servicemeshmemberrolls',
              namespace: controlPlaneNamespace,
              name: 'default',
            },
            forbidden,
            () =>
              this.custom.getNamespacedCustomObject({
                group: MAISTRA,
                version: 'v1',
                namespace: controlPlaneNamespace,
                plural: 'servicemeshmemberrolls',
                name: 'default',
              }),
            undefined,
          ),
          listCustom(
            'v1',
            'routes',
            controlPlaneNamespace,
            'route.openshift.io',
          ),
        ]);
        return {
          controlPlanes,
          memberRoll: memberRoll as KubeObject | undefined,
          routes,
        };
      },
      istioDeployments: () =>
        guarded(
          { verb: 'list', resource: 'deployments', namespace: 'istio-system' },
          forbidden,
          () =>
            this.apps.listNamespacedDeployment({ namespace: 'istio-system' }),
          { items: [] },
        ).then(itemsOf),
      sail: async () => {
        const sail = (plural: string) =>
          listCustom(SAIL.version, plural, undefined, SAIL.group);
        const [istios, istioRevisions, istioRevisionTags] = await Promise.all([
          sail('istios'),
          sail('istiorevisions'),
          sail('istiorevisiontags'),
        ]);
        return { istios, istioRevisions, istioRevisionTags };
      },
    });
  }
}

/** Where the control plane's objects are read from: the cluster (LIST) or the watch caches. */
export interface ControlPlaneSource {
  /** Every ServiceMeshMemberRoll of the cluster. */
  memberRolls(): Promise<KubeObject[]>;
  /** The ServiceMeshControlPlanes, the member roll `default` and the Routes of a control-plane namespace. */
  maistra(controlPlaneNamespace: string): Promise<{
    controlPlanes: KubeObject[];
    memberRoll?: KubeObject;
    routes: KubeObject[];
  }>;
  /** The Deployments of `istio-system` (upstream istiod). */
  istioDeployments(): Promise<KubeObject[]>;
  /** The Sail operator's Istios, IstioRevisions and IstioRevisionTags (none when Sail is not installed). */
  sail?(): Promise<SailObjects>;
}

/**
 * The control plane governing a namespace: from its `maistra.io/member-of`
 * label; else, for the revision its `istio.io/rev`, `istio-injection=enabled`
 * or ambient label asks for, the Sail `Istio`/`IstioRevision` of that
 * revision or upstream istiod; else from the member rolls that list it.
 */
export async function resolveControlPlane(
  namespace: string,
  object: KubeObject | undefined,
  source: ControlPlaneSource,
): Promise<ControlPlaneObjects | undefined> {
  const maistra = async (controlPlaneNamespace: string) => {
    const { controlPlanes, memberRoll, routes } = await source.maistra(
      controlPlaneNamespace,
    );
    if (controlPlanes.length === 0) return undefined;
    return {
      flavour: 'maistra' as const,
      object: controlPlanes[0],
      memberRoll,
      deployments: [],
      routes,
    };
  };
  const labels = object?.metadata.labels ?? {};
  const memberOf = labels[MAISTRA_MEMBER_OF_LABEL];
  if (memberOf) return maistra(memberOf);
  const revision = requestedRevision(labels);
  if (revision) {
    const sail = source.sail
      ? sailObjectForRevision(revision, await source.sail())
      : undefined;
    if (sail) return { flavour: 'sail', ...sail, deployments: [] };
    const deployments = await source.istioDeployments();
    const istiod = istiodForRevision(revision, deployments);
    if (istiod)
      return {
        flavour: 'istio',
        object: istiod,
        deployments,
        ...(revision !== 'default' ? { revision } : {}),
      };
    // Labelled for injection: no member roll makes it a Maistra member.
    if (
      labels[ISTIO_REVISION_LABEL] ||
      labels[ISTIO_INJECTION_LABEL] === 'enabled'
    )
      return undefined;
  }
  const rolls = await source.memberRolls();
  const roll = rolls.find(r =>
    ((r.spec?.members ?? []) as string[]).includes(namespace),
  );
  return roll ? maistra(roll.metadata.namespace!) : undefined;
}
