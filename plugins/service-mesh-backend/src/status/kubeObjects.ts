/**
 * The Kubernetes and mesh objects of one namespace that a mesh status is made from.
 *
 * @public
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    generation?: number;
    ownerReferences?: { kind: string; name: string; uid: string }[];
    uid?: string;
  };
  spec?: any;
  status?: any;
}

/** @public */
export interface NamespaceObjects {
  namespace?: KubeObject;
  deployments: KubeObject[];
  pods: KubeObject[];
  services: KubeObject[];
  virtualServices: KubeObject[];
  destinationRules: KubeObject[];
  gateways: KubeObject[];
  /** Flagger Canaries (none when Flagger is not installed). */
  flaggerCanaries: KubeObject[];
  /** Argo Rollouts (none when Argo Rollouts is not installed). */
  argoRollouts: KubeObject[];
  /** Gateway API HTTPRoutes (absent or none when Gateway API is not installed). */
  httpRoutes?: KubeObject[];
  /** Gateway API Gateways (ingress gateways and waypoints), for HTTPRoute parentRefs. */
  gatewayApiGateways?: KubeObject[];
  /** Istio AuthorizationPolicies, for L7 policies an ambient namespace needs a waypoint for. */
  authorizationPolicies?: KubeObject[];
}

/**
 * The control plane that governs a namespace, as found in the cluster.
 *
 * @public
 */
export interface ControlPlaneObjects {
  flavour: 'maistra' | 'istio' | 'sail';
  /** The ServiceMeshControlPlane (maistra), the istiod Deployment (istio), or the `Istio` or `IstioRevision` (sail). */
  object: KubeObject;
  /** The revision that serves the namespace (sail, or a revisioned istiod). */
  revision?: string;
  memberRoll?: KubeObject;
  /** Deployments of the control plane, for component readiness. */
  deployments: KubeObject[];
  /** Routes of the control-plane namespace (Kiali, Grafana, Jaeger consoles). */
  routes?: KubeObject[];
}
