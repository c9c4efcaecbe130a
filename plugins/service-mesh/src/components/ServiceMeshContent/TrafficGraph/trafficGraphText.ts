import {
  HealthState,
  TrafficEdge,
  TrafficNode,
} from '@service-mesh/plugin-service-mesh-common';
import { formatErrorRatio, formatRate } from '../../format';

/** The app and its version (`front-end v2`), else the workload or Service (`istio-ingressgateway`). */
export function nodeTitle(node: TrafficNode): string {
  if (node.kind === 'unknown') return 'unknown';
  const name = (node.kind !== 'service' && node.app) || node.name;
  return node.version ? `${name} ${node.version}` : name;
}

/** What kind of peer a node is, when it is not one of the namespace's workloads. */
export function nodeRole(
  node: TrafficNode,
  namespace: string,
): string | undefined {
  switch (node.kind) {
    case 'gateway':
      return node.requestRateIn > 0 ? 'gateway' : 'ingress gateway';
    case 'unknown':
      return node.requestRateOut > 0
        ? 'callers outside the mesh'
        : 'no destination known';
    case 'service':
      return 'Service, no single workload answered';
    default: {
      const parts = [
        ...(node.app && node.app !== node.name
          ? [`workload ${node.name}`]
          : []),
        ...(node.namespace !== namespace ? [`in ${node.namespace}`] : []),
      ];
      return parts.length > 0 ? parts.join(' ') : undefined;
    }
  }
}

const healthWords: Record<HealthState, string> = {
  Healthy: 'healthy',
  Degraded: 'degraded',
  Failure: 'failing',
  'Not Ready': 'not ready',
  NA: 'no requests received',
};

export const healthWord = (health: HealthState) => healthWords[health];

/** A node as a screen reader says it. */
export function nodeDescription(node: TrafficNode, namespace: string): string {
  const role = nodeRole(node, namespace);
  const received =
    node.requestRateIn > 0
      ? `, receives ${formatRate(node.requestRateIn)}`
      : '';
  return `${nodeTitle(node)}${role ? ` (${role})` : ''}: ${healthWord(
    node.health,
  )}${received}`;
}

/** A share in percent, `80%`, with a decimal under 10 %. */
export function formatShare(percent: number): string {
  return `${
    percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)
  }%`;
}

/** `mutual TLS`, `72% mutual TLS`, `plain text`, or undefined when unknown. */
export function formatMtls(ratio: number | undefined): string | undefined {
  if (ratio === undefined) return undefined;
  if (ratio >= 0.995) return 'mutual TLS';
  if (ratio <= 0.005) return 'plain text';
  return `${Math.round(ratio * 100)}% mutual TLS`;
}

/** The label drawn on an edge: share and rate, then errors, mTLS and a tripped circuit breaker. */
export function edgeLabelLines(edge: TrafficEdge): [string, string[]] {
  const marks: string[] = [];
  if (edge.errorRatio > 0) marks.push(formatErrorRatio(edge.errorRatio));
  if (edge.mtlsRatio !== undefined && edge.mtlsRatio >= 0.995)
    marks.push('mTLS');
  if (edge.circuitBreakerTripped) marks.push('circuit breaker open');
  return [
    `${formatShare(edge.sharePercent)} · ${formatRate(edge.requestRate)}`,
    marks,
  ];
}

/** Each response of an edge as `200: 2.89 req/s`, `503 UH: 2.11 req/s`. */
export function formatResponses(edge: TrafficEdge): string[] {
  return edge.responses.map(
    r =>
      `${r.code === '0' ? 'no response' : r.code}${
        r.flags && r.flags !== '-' ? ` ${r.flags}` : ''
      }: ${formatRate(r.rate)}`,
  );
}

/** An edge as a screen reader says it, e.g. `istio-ingressgateway to front-end v2: 20.1% of istio-ingressgateway's requests, ...`. */
export function edgeDescription(
  edge: TrafficEdge,
  source: TrafficNode,
  target: TrafficNode,
): string {
  const parts = [
    `${edge.sharePercent.toFixed(1)}% of ${nodeTitle(source)}'s requests`,
    formatRate(edge.requestRate),
    edge.errorRatio > 0 ? formatErrorRatio(edge.errorRatio) : 'no errors',
  ];
  const mtls = formatMtls(edge.mtlsRatio);
  if (mtls) parts.push(mtls);
  if (edge.circuitBreakerTripped) parts.push('circuit breaker open');
  return `${nodeTitle(source)} to ${nodeTitle(target)}: ${parts.join(', ')}`;
}
