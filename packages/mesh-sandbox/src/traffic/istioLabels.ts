import { K8sObject } from '../k8s/types';
import { Hop } from './hop';
import {
  CLUSTER_ID,
  appOf,
  canonicalRevisionOf,
  canonicalServiceOf,
  hasEnvoy,
  hasSidecar,
  principalOf,
  versionOf,
  workloadOf,
} from './podFacts';

export type Reporter = 'source' | 'destination' | 'waypoint';

/** The labels of `istio_requests_total`, in the order Envoy's stats filter emits them. */
export const istioLabelNames = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_cluster',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_cluster',
  'destination_canonical_service',
  'destination_canonical_revision',
  'request_protocol',
  'response_code',
  'response_flags',
  'connection_security_policy',
] as const;

export type IstioLabels = Record<(typeof istioLabelNames)[number], string>;

const UNKNOWN = 'unknown';

/** Which proxies report a hop: the caller's Envoy, the callee's sidecar or waypoint. */
export function reportersOf(hop: Hop): Reporter[] {
  const reporters: Reporter[] = [];
  if (hop.carrier === 'envoy' && hop.sourcePod && hasEnvoy(hop.sourcePod))
    reporters.push('source');
  if (hop.destinationPod && hasSidecar(hop.destinationPod))
    reporters.push('destination');
  if (hop.waypointPod && hop.destinationPod) reporters.push('waypoint');
  return reporters;
}

function peer(pod: K8sObject | undefined, known: boolean) {
  if (!pod || !known) {
    return {
      workload: UNKNOWN,
      namespace: UNKNOWN,
      app: UNKNOWN,
      version: UNKNOWN,
      cluster: UNKNOWN,
      canonicalService: UNKNOWN,
      canonicalRevision: UNKNOWN,
    };
  }
  return {
    workload: workloadOf(pod).name,
    namespace: pod.metadata.namespace!,
    app: appOf(pod),
    version: versionOf(pod),
    cluster: CLUSTER_ID,
    canonicalService: canonicalServiceOf(pod),
    canonicalRevision: canonicalRevisionOf(pod),
  };
}

/** Only the server side knows whether the connection was mutual TLS. */
function securityPolicy(reporter: Reporter, mtls: boolean) {
  if (reporter === 'source') return UNKNOWN;
  return mtls ? 'mutual_tls' : 'none';
}

/**
 * The label set one reporter gives a hop. Auto mTLS makes a hop between two
 * proxies (or ztunnels) mutual TLS; a destination learns its caller only through that
 * exchange, so a caller without a proxy is `unknown` to it.
 */
export function istioLabels(hop: Hop, reporter: Reporter): IstioLabels {
  // ztunnel speaks mutual TLS (HBONE) for ambient ends, as a proxy does.
  const mtls =
    Boolean(hop.sourceAmbient || (hop.sourcePod && hasEnvoy(hop.sourcePod))) &&
    Boolean(
      hop.destinationAmbient ||
        (hop.destinationPod && hasSidecar(hop.destinationPod)),
    );
  const source = peer(hop.sourcePod, reporter === 'source' || mtls);
  const destination = peer(hop.destinationPod, true);
  const service = hop.service;
  return {
    reporter,
    source_workload: source.workload,
    source_workload_namespace: source.namespace,
    source_principal:
      mtls && hop.sourcePod ? principalOf(hop.sourcePod) : UNKNOWN,
    source_app: source.app,
    source_version: source.version,
    source_cluster: source.cluster,
    source_canonical_service: source.canonicalService,
    source_canonical_revision: source.canonicalRevision,
    destination_workload: destination.workload,
    destination_workload_namespace: destination.namespace,
    destination_principal:
      mtls && hop.destinationPod ? principalOf(hop.destinationPod) : UNKNOWN,
    destination_app: destination.app,
    destination_version: destination.version,
    destination_service: hop.destinationHost,
    destination_service_name: service?.metadata.name ?? hop.destinationHost,
    destination_service_namespace: service?.metadata.namespace ?? UNKNOWN,
    destination_cluster: CLUSTER_ID,
    destination_canonical_service: destination.canonicalService,
    destination_canonical_revision: destination.canonicalRevision,
    request_protocol: 'http',
    response_code: String(hop.status),
    response_flags: hop.responseFlags,
    connection_security_policy: securityPolicy(reporter, mtls),
  };
}
