import * as k8s from '@kubernetes/client-node';
import {
  ForbiddenRead,
  ISTIO_INJECTION_LABEL,
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

const ISTIO_NETWORKING = { group: 'networking.istio.io', version: 'v1beta1' };
const MAISTRA = 'maistra.io';

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
}

/**
 * The control plane governing a namespace: from its `maistra.io/member-of`
 * label, else from the member rolls that list it, else upstream istiod when
 * the namespace has `istio-injection=enabled`.
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
  if (labels[ISTIO_INJECTION_LABEL] === 'enabled') {
    const deployments = await source.istioDeployments();
    const istiod = deployments.find(
      d => d.metadata.name === 'istiod' || d.metadata.labels?.app === 'istiod',
    );
    return istiod
      ? { flavour: 'istio', object: istiod, deployments }
      : undefined;
  }
  const rolls = await source.memberRolls();
  const roll = rolls.find(r =>
    ((r.spec?.members ?? []) as string[]).includes(namespace),
  );
  return roll ? maistra(roll.metadata.namespace!) : undefined;
}
