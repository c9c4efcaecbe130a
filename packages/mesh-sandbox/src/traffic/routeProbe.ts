import { K8sObject } from '../k8s/types';
import { callsFrom, serviceForPath } from './callGraph';
import { Hop, succeeded } from './hop';
import { MeshSnapshot } from './meshView';
import { versionOf, workloadOf } from './podFacts';
import { TrafficResolver } from './trafficResolver';

/** The logical service a hop reached (what the call graph is keyed by). */
export const serviceNameOf = (hop: Hop) =>
  hop.service?.metadata.name ?? hop.destinationHost.split('.')[0];

/**
 * The service whose calls a hop's pod makes (what the call graph is keyed by):
 * a per-version Service that an HTTPRoute splits to (`front-end-v1`, selecting
 * `name: front-end, version: v1`) counts as the service its pods serve.
 */
export const callingServiceOf = (hop: Hop) => {
  const selector = hop.service?.spec?.selector ?? {};
  return selector.version
    ? selector.name ?? selector.app ?? serviceNameOf(hop)
    : serviceNameOf(hop);
};

/** Follows every call a service makes per request (orders calls all of its dependencies). */
function followCalls(
  resolver: TrafficResolver,
  snapshot: MeshSnapshot,
  pod: K8sObject,
  service: string,
  hops: Hop[],
): boolean {
  const ns = pod.metadata.namespace!;
  const exists = (name: string) => Boolean(snapshot.find('services', ns, name));
  for (const call of callsFrom(service, exists)) {
    if (call.perRequest < 1) continue;
    const hop = resolver.callService(snapshot, pod, call.to);
    hops.push(hop);
    if (!succeeded(hop) || !hop.destinationPod) return false;
    if (!followCalls(resolver, snapshot, hop.destinationPod, call.to, hops))
      return false;
  }
  return true;
}

export interface ProbeResult {
  hops: Hop[];
  /** The hop that reached the pod serving the Route (router or gateway). */
  entry: Hop;
}

/**
 * One browser request to a Route host and path: the router (and ingress
 * gateway), then the backend call the page needs and everything it calls.
 */
export function probeRoute(
  resolver: TrafficResolver,
  snapshot: MeshSnapshot,
  host: string,
  path: string,
): ProbeResult {
  const hops = resolver.enterRoute(snapshot, host, path);
  const entry = hops[hops.length - 1];
  if (!succeeded(entry) || !entry.destinationPod) return { hops, entry };
  const pod = entry.destinationPod;
  const backend = serviceForPath(path);
  if (!backend || !snapshot.find('services', pod.metadata.namespace!, backend))
    return { hops, entry };
  const hop = resolver.callService(snapshot, pod, backend);
  hops.push(hop);
  if (succeeded(hop) && hop.destinationPod)
    followCalls(resolver, snapshot, hop.destinationPod, backend, hops);
  return { hops, entry };
}

const describeHop = (hop: Hop) => ({
  from: hop.sourceName,
  fromNamespace: hop.sourceNamespace,
  to: serviceNameOf(hop),
  host: hop.destinationHost,
  via: hop.carrier,
  workload: hop.destinationPod ? workloadOf(hop.destinationPod).name : null,
  version: hop.destinationPod ? versionOf(hop.destinationPod) : null,
  pod: hop.destinationPod?.metadata.name ?? null,
  status: hop.status,
  responseFlags: hop.responseFlags,
  durationMs: hop.durationMs,
  ...(hop.reason ? { reason: hop.reason } : {}),
});

/** What the browser experiences: the first failure decides the status. */
export function describeProbe(
  host: string,
  requestPath: string,
  probe: ProbeResult,
) {
  const { hops, entry } = probe;
  const failed = hops.find(h => !succeeded(h));
  const pod = entry.destinationPod;
  return {
    host,
    requestPath,
    status: failed?.status ?? entry.status,
    workload: pod ? workloadOf(pod).name : null,
    version: pod ? versionOf(pod) : null,
    pod: pod?.metadata.name ?? null,
    responseFlags: failed?.responseFlags ?? '-',
    durationMs: hops.reduce((sum, h) => sum + h.durationMs, 0),
    reason: failed?.reason ?? null,
    path: hops.map(describeHop),
  };
}
