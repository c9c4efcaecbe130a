/**
 * The mesh status of a catalog entity: one document the backend answers and the
 * card and tab render.
 */

import type {
  ExternalDelivery,
  RolloutProblem,
  RolloutView,
} from './rollout/rolloutView';
/**
 * How a workload's pods carry the Envoy sidecar.
 *
 * @public
 */
export type SidecarState =
  /** every ready pod runs istio-proxy */
  | 'injected'
  /** some pods run it, some do not (a rollout in progress, or a stale pod) */
  | 'partial'
  /** the namespace is in the mesh but the pods have no sidecar */
  | 'missing'
  /** injection is requested but no pod is ready with it yet */
  | 'pending'
  /** the namespace is not part of any mesh */
  | 'not-in-mesh';

/** @public */
export type SourceName = 'kubernetes' | 'kiali' | 'prometheus';

/**
 * A read of the cluster that the portal's credentials were refused (HTTP 403).
 *
 * @public
 */
export interface ForbiddenRead {
  verb: 'get' | 'list' | 'watch';
  /** The resource as RBAC names it, e.g. `pods`, `virtualservices`. */
  resource: string;
  /** The namespace of the read; absent for a cluster-wide or cluster-scoped read. */
  namespace?: string;
  /** The object's name, for a `get`. */
  name?: string;
}

/**
 * How a source was read, beside its state.
 *
 * @public
 */
export interface SourceDetails {
  /**
   * Kubernetes only: `watch` when the status came from the backend's watch
   * caches (no upstream call for the request), `list` when the cluster was
   * listed for it (watches off, or not possible: see `note`).
   */
  mode?: 'watch' | 'list';
  /** Why the source is read the way it is, e.g. why the watch fell back to LIST. */
  note?: string;
  /** Kubernetes in watch mode: the objects the cluster's watch caches hold, and their cap. */
  cache?: { objects: number; maxObjects: number };
}

/** @public */
export type SourceStatus =
  | ({ state: 'ok' } & SourceDetails)
  | { state: 'not-configured' }
  /** Read, but some of it was refused: what is shown lacks the refused reads. */
  | ({
      state: 'degraded';
      reason: string;
      forbidden: ForbiddenRead[];
    } & SourceDetails)
  | ({ state: 'error'; reason: string } & SourceDetails);

/**
 * `list pods in user1-sockshop`, `get namespaces user1-sockshop`, `list servicemeshmemberrolls in all namespaces`.
 *
 * @public
 */
export function describeForbiddenRead(read: ForbiddenRead): string {
  const { verb, resource, namespace, name } = read;
  if (name)
    return `${verb} ${resource} ${name}${namespace ? ` in ${namespace}` : ''}`;
  return `${verb} ${resource} in ${namespace ?? 'all namespaces'}`;
}

/**
 * "the portal's service account may not list pods in user1-sockshop, nor watch …".
 *
 * @public
 */
export function describeForbiddenReads(reads: ForbiddenRead[]): string {
  return `the portal's service account may not ${reads
    .map(describeForbiddenRead)
    .join(', nor ')}`;
}

/** @public */
export interface ControlPlaneComponent {
  name: string;
  ready: boolean;
}

/** @public */
export interface ControlPlaneStatus {
  /**
   * `maistra` (an OpenShift Service Mesh 2 SMCP), `sail` (an OSSM 3 / Sail
   * operator `Istio` or `IstioRevision`) or `istio` (upstream istiod, no operator).
   */
  flavour: 'maistra' | 'istio' | 'sail';
  /** The Istio revision serving the namespace (Sail, or a revisioned istiod). */
  revision?: string;
  name: string;
  namespace: string;
  version?: string;
  ready: boolean;
  /** The reason of the Ready condition, or why the control plane is not ready. */
  reason?: string;
  components: ControlPlaneComponent[];
}

/** @public */
export interface MembershipStatus {
  namespace: string;
  member: boolean;
  controlPlaneNamespace?: string;
  /**
   * What made the namespace a member (or `none`). `istio-injection-label`
   * also stands for the OSSM 3 / upstream labels `istio.io/rev` and
   * `istio.io/dataplane-mode=ambient`; `revision` and `dataplaneMode` say which.
   */
  via: 'member-of-label' | 'member-roll' | 'istio-injection-label' | 'none';
  /** The revision the namespace's `istio.io/rev` label names (`default` for `istio-injection=enabled`). */
  revision?: string;
  /** `ambient` when the namespace is labelled `istio.io/dataplane-mode=ambient`. */
  dataplaneMode?: 'ambient';
  /** The waypoint the namespace's `istio.io/use-waypoint` label names (ambient L7). */
  waypoint?: string;
  /** Whether that waypoint's Gateway exists in the namespace; absent when not known (not read, or in another namespace). */
  waypointFound?: boolean;
}

/**
 * How a workload's traffic joins the mesh: through an Envoy sidecar in its
 * pods, through ztunnel (`ambient`, no sidecar), or not at all (`none`).
 *
 * @public
 */
export type DataplaneMode = 'sidecar' | 'ambient' | 'none';

/** @public */
export interface WorkloadStatus {
  name: string;
  kind: string;
  /** The pod template's `version` label, if any. */
  version?: string;
  labels: Record<string, string>;
  replicas: number;
  readyPods: number;
  podsWithSidecar: number;
  sidecar: SidecarState;
  /** The proxy (istio-proxy image tag) the pods run, when injected. */
  proxyVersion?: string;
  /** Whether the pod template asks for injection (`sidecar.istio.io/inject`). */
  injectionRequested: boolean;
  /** Kiali's health of the workload (pods and traffic), when Kiali answered. */
  health?: KialiHealth;
  /**
   * The workload's data plane. An ambient workload has `sidecar: 'missing'`
   * (no sidecar, by design) and raises no sidecar finding.
   */
  dataplane?: DataplaneMode;
  /** Ambient: the waypoint its pod, service or namespace `istio.io/use-waypoint` label names. */
  waypoint?: string;
}

/** @public */
export interface RouteDestination {
  host: string;
  subset?: string;
  port?: number;
  /** Configured weight in percent; a lone destination without weight takes 100. */
  weight: number;
  /** The version the subset selects (its `version` label), when the subset resolves. */
  version?: string;
  /** False when the route names a subset that no DestinationRule for the host defines. */
  subsetDefined: boolean;
  /** How many ready pods the destination (subset) selects. */
  matchingPods?: number;
  /** HTTPRoute backendRefs: the relative weight as written (default 1); `weight` is its percent of the rule. */
  backendWeight?: number;
  /** HTTPRoute backendRefs: whether the Service the backendRef names exists in the namespace. */
  serviceFound?: boolean;
}

/**
 * A `parentRefs` entry of an HTTPRoute: an ingress `Gateway`, or a `Service` for in-mesh (GAMMA) routing.
 *
 * @public
 */
export interface HttpRouteParent {
  kind: string;
  name: string;
  namespace?: string;
  port?: number;
  sectionName?: string;
  /** Whether the Gateway or Service exists; absent when it is in another namespace (not read). */
  found?: boolean;
}

/**
 * One rule of a Gateway API HTTPRoute that sends traffic to a service, either
 * by naming it in a backendRef or by naming per-version Services that select
 * its pods (`web-v1`, `web-v2`). Kept in `ServiceStatus.httpRoutes`, apart from
 * `routes`, whose entries are VirtualService routes that traffic shifts and
 * rollouts write: a consumer of `routes` never meets an HTTPRoute.
 * Destinations: `host` is the backend Service's name, `weight` its percent of
 * the rule's weights, `version` the `version` label of that Service's selector.
 * A traffic shift of the rule keys its `weights` by those Service names
 * (`{"web-v1": 50, "web-v2": 50}`) and writes them, in percent, as the
 * backendRefs' weights (see `shiftKeyOf`).
 *
 * @public
 */
export interface HttpRouteRule {
  kind: 'HTTPRoute';
  httpRoute: string;
  namespace: string;
  hostnames: string[];
  parentRefs: HttpRouteParent[];
  /** Index of the rule within the HTTPRoute's `spec.rules`. */
  ruleIndex: number;
  name?: string;
  destinations: RouteDestination[];
}

/**
 * An HTTP route of a VirtualService that sends traffic to a service. Gateway
 * API HTTPRoute rules are `HttpRouteRule`s (`kind: 'HTTPRoute'`), in
 * `ServiceStatus.httpRoutes`; `kind` tells the two apart in a merged list.
 *
 * @public
 */
export interface TrafficRoute {
  /** Absent means the same: only VirtualService routes are TrafficRoutes. */
  kind?: 'VirtualService';
  virtualService: string;
  namespace: string;
  hosts: string[];
  gateways: string[];
  /** Gateways the VirtualService is bound to that do not exist. */
  missingGateways: string[];
  /** Index of the HTTP route within the VirtualService. */
  httpRouteIndex: number;
  name?: string;
  destinations: RouteDestination[];
}

/** @public */
export interface SubsetStatus {
  destinationRule: string;
  name: string;
  labels: Record<string, string>;
  matchingPods: number;
}

/** @public */
export interface CircuitBreakerSettings {
  destinationRule: string;
  outlierDetection?: Record<string, unknown>;
  connectionPool?: Record<string, unknown>;
}

/**
 * What ztunnel reports of a service's traffic in the ambient data plane: L4
 * only, connections and bytes, no requests (`istio_tcp_*`, destination side).
 *
 * @public
 */
export interface ObservedL4Traffic {
  /** TCP connections opened to the service per second. */
  connectionRate: number;
  /** Bytes per second, both directions together. */
  byteRate: number;
}

/** @public */
export interface ObservedTraffic {
  /** Requests per second reaching the service, as its sidecars or its waypoint report them. */
  requestRate?: number;
  /** Share of requests answered with an error (0..1). */
  errorRatio?: number;
  latencyP95Ms?: number;
  /** Observed share per version, in percent (0..100). */
  splitByVersion?: Record<string, number>;
  /** ztunnel's L4 figures, for a service whose workloads are ambient (absent when ztunnel reported none). */
  l4?: ObservedL4Traffic;
}

/**
 * Kiali's health words, spelled as Kiali's UI and its 2.22+ API spell them.
 *
 * @public
 */
export type HealthState =
  | 'Healthy'
  | 'Degraded'
  | 'Failure'
  | 'Not Ready'
  | 'NA';

/**
 * The tolerance that decided a request health: the share of requests of one
 * code class that reached one of its thresholds.
 *
 * @public
 */
export interface HealthViolation {
  /** `inbound`, `outbound`, or `all` (inbound and outbound together, as Kiali does for services). */
  direction: 'inbound' | 'outbound' | 'all';
  /** The protocol whose requests were counted, e.g. `http` or `grpc`. */
  protocol: string;
  /** The tolerance's code pattern as configured, e.g. `5XX`, `^[1-9]$|^1[0-6]$`, `^-$`. */
  codes: string;
  /** The same in words, e.g. `5xx`, `gRPC errors (codes 1-16)`, `no response (-)`. */
  codeClass: string;
  /** Share of the protocol's requests with those codes, in percent. */
  percent: number;
  /** The threshold reached (percent) and which one. */
  threshold: number;
  level: 'degraded' | 'failure';
  /** Where the tolerance came from. */
  tolerance: 'default' | 'configured' | 'annotation';
}

/** @public */
export interface KialiHealth {
  status: HealthState;
  /**
   * `kiali` when Kiali (2.22+) computed the status itself; `tolerances` when
   * it was computed from Kiali's request rates with Kiali's tolerances, as
   * Kiali's UI does for 1.x and 2.x before 2.22.
   */
  source: 'kiali' | 'tolerances';
  /** Error ratio in percent: of the deciding code class, else of all error codes. */
  errorRatio?: number;
  /** Requests per second Kiali counted. */
  requestRate?: number;
  /** The code class and threshold that made the status, when traffic decided it. */
  violation?: HealthViolation;
  /** One sentence saying why: which code class, which threshold, or which pods. */
  reason: string;
  /** Set when Kiali (2.22+) answered without health yet (its cache is empty right after it starts): when it was asked. */
  noHealthYetAt?: string;
}

/** @public */
export interface ServiceStatus {
  name: string;
  workloads: WorkloadStatus[];
  routes: TrafficRoute[];
  subsets: SubsetStatus[];
  circuitBreaker?: CircuitBreakerSettings;
  /** Gateway API HTTPRoute rules to the service (absent when there are none). */
  httpRoutes?: HttpRouteRule[];
  /** AuthorizationPolicies with HTTP (L7) rules that apply to the service's workloads. */
  l7AuthorizationPolicies?: string[];
  observed?: ObservedTraffic;
  /**
   * True when every workload of the service is in the ambient data plane
   * without a waypoint: only ztunnel sees its traffic, at L4 (`observed.l4`),
   * so there is no request rate, error ratio, latency or split to observe.
   */
  l4Only?: boolean;
  health?: KialiHealth;
  /** The rollout started on the service's route by this plugin, running or ended. */
  rollout?: RolloutView;
  /** Set instead of `rollout` when the route's rollout annotation cannot be read. */
  rolloutProblem?: RolloutProblem;
  /** Flagger or Argo Rollouts owns the service's route: its phase and weight, and no writes from here. */
  deliveredBy?: ExternalDelivery;
}

/** @public */
export type Severity = 'error' | 'warning' | 'info';

/** @public */
export interface Finding {
  /** A stable code, e.g. `weights-not-100`. */
  code: FindingCode;
  severity: Severity;
  /** One plain sentence a developer can act on. */
  message: string;
  service?: string;
  object?: { kind: string; namespace: string; name: string };
}

/** @public */
export type FindingCode =
  | 'weights-not-100'
  | 'undefined-subset'
  | 'subset-without-pods'
  | 'sidecar-missing'
  | 'unversioned-workloads'
  | 'missing-gateway'
  | 'control-plane-not-ready'
  | 'namespace-not-member'
  | 'split-drift'
  | 'httproute-backend-missing'
  | 'httproute-backend-without-pods'
  | 'httproute-parent-missing'
  | 'ambient-l7-without-waypoint'
  | 'revision-not-found'
  | 'waypoint-not-found'
  | 'host-routed-twice'
  | 'maistra-member-with-istio-labels';

/** @public */
export interface MeshLinks {
  kiali?: string;
  grafana?: string;
  jaeger?: string;
}

/** @public */
export interface MeshStatus {
  entity: { kind: string; namespace: string; name: string };
  cluster: string;
  namespace: string;
  generatedAt: string;
  controlPlane?: ControlPlaneStatus;
  membership: MembershipStatus;
  services: ServiceStatus[];
  findings: Finding[];
  links: MeshLinks;
  sources: Record<SourceName, SourceStatus>;
  /**
   * Watch mode: a number that changes whenever this status's content does.
   * `GET …/status?sinceVersion=<version>` waits (up to about 25 s) until it
   * differs and answers the new status. Absent when the backend lists the
   * cluster per request; clients then poll.
   */
  version?: number;
}

/**
 * Request rates of an entity's services over the last minutes, from
 * Prometheus: `GET /api/service-mesh/entities/:kind/:namespace/:name/request-rates?minutes=30`.
 *
 * @public
 */
export interface RequestRateHistory {
  entity: { kind: string; namespace: string; name: string };
  /** `not-configured` when the entity's cluster has no Prometheus; `error` with a reason when it failed. */
  source: SourceStatus;
  /** The window, as ISO timestamps, and the distance between points. */
  start: string;
  end: string;
  stepSeconds: number;
  /** Per service: [unix seconds, requests per second] points in time order; services without traffic are absent. */
  services: Record<string, Array<[number, number]>>;
}
