/**
 * The Kubernetes plugin's annotations, which the mesh plugins read too.
 *
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
/** @public */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
/** @public */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** @public */
export const KUBERNETES_CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';

/**
 * The field manager of every server-side apply the plugins make.
 *
 * @public
 */
export const FIELD_MANAGER = 'backstage-service-mesh';

/**
 * Label on every object the template actions create or change, naming the owning user.
 *
 * @public
 */
export const MANAGED_BY_LABEL = 'servicemesh.backstage.io/managed-by';
/**
 * Annotation holding what an object was before the actions changed it (for teardown).
 *
 * @public
 */
export const ORIGINAL_STATE_ANNOTATION = 'servicemesh.backstage.io/original';

/**
 * Maistra's label on member namespaces, naming the control-plane namespace.
 *
 * @public
 */
export const MAISTRA_MEMBER_OF_LABEL = 'maistra.io/member-of';
/**
 * Upstream Istio's namespace label for automatic injection.
 *
 * @public
 */
export const ISTIO_INJECTION_LABEL = 'istio-injection';
/**
 * Pod (template) annotation asking for the Envoy sidecar.
 *
 * @public
 */
export const SIDECAR_INJECT_ANNOTATION = 'sidecar.istio.io/inject';
/**
 * Pod annotation the injector writes; its presence means the pod has a sidecar.
 *
 * @public
 */
export const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';
/**
 * Namespace (or pod) label naming the Istio revision or revision tag that injects it (OSSM 3 / Sail, upstream Istio).
 *
 * @public
 */
export const ISTIO_REVISION_LABEL = 'istio.io/rev';
/**
 * Namespace or pod label putting workloads in the ambient data plane (`ambient`).
 *
 * @public
 */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
/**
 * Namespace, service or pod label naming the waypoint proxy that serves L7 for ambient workloads.
 *
 * @public
 */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
