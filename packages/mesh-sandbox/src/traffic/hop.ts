import { K8sObject } from '../k8s/types';

/** How a hop is carried: the OpenShift router, an Envoy proxy, or kube-proxy. */
export type HopCarrier = 'router' | 'envoy' | 'kube-proxy';

/** One request from a caller to a service, and what came of it. */
export interface Hop {
  carrier: HopCarrier;
  /** The calling pod; absent for the OpenShift router. */
  sourcePod?: K8sObject;
  sourceNamespace: string;
  /** The calling workload (or `openshift-router`). */
  sourceName: string;
  service?: K8sObject;
  /** The host the caller asked for, fully qualified when it is a Service. */
  destinationHost: string;
  /** The pod that answered, if any did. */
  destinationPod?: K8sObject;
  status: number;
  /** Envoy's %RESPONSE_FLAGS% (`-` for none); `-` for hops without Envoy. */
  responseFlags: string;
  durationMs: number;
  /** The caller is an ambient pod: its node's ztunnel carries the connection over HBONE. */
  sourceAmbient?: boolean;
  /** The pod that answered is ambient: its node's ztunnel reports the connection (L4 only). */
  destinationAmbient?: boolean;
  /** The waypoint (an Envoy deployed for an `istio-waypoint` Gateway) that serves the ambient destination at L7. */
  waypointPod?: K8sObject;
  /** Latency a workload fault adds, on top of the jittered service time. */
  faultLatencyMs?: number;
  reason?: string;
}

export const succeeded = (hop: Hop) => hop.status > 0 && hop.status < 400;

/** A test hook: a pod annotated with a status code answers every request with it. */
export const RESPONSE_CODE_ANNOTATION = 'mesh-sandbox.io/response-code';

export function responseCodeOf(pod: K8sObject): number {
  const code = Number(pod.metadata.annotations?.[RESPONSE_CODE_ANNOTATION]);
  return Number.isInteger(code) && code >= 100 ? code : 200;
}

/** Simulated service time of a workload: stable per name, 5-40 ms. */
export function serviceTimeMs(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return 5 + (Math.abs(hash) % 36);
}

/** Timeouts the failures take, as the guide describes them. */
export const timeouts = {
  /** HAProxy's `timeout connect` of the OpenShift router before its 503 page. */
  routerConnectMs: 5_000,
  /** Envoy's default cluster connect timeout. */
  envoyConnectMs: 10_000,
  /** An application's HTTP client waiting on a service nobody answers. */
  applicationMs: 30_000,
  /** Envoy answering locally (no healthy upstream, no route). */
  envoyLocalReplyMs: 1,
};
