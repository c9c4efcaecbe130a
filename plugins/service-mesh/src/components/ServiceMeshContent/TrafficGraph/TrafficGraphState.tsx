import { EmptyState } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import {
  SourceStatus,
  TrafficGraph,
} from '@service-mesh/plugin-service-mesh-common';

const minutes = (window: string) => {
  const n = Number(window.slice(0, -1));
  return n === 1 ? 'minute' : `${n} minutes`;
};

const reason = (status: SourceStatus | undefined) =>
  status?.state === 'error' ? status.reason : undefined;

/**
 * Why a graph has nothing to draw, in the words a platform team acts on:
 * the namespace is in no mesh, no source is configured for the cluster, the
 * sources failed, or nothing called the workloads in the window yet.
 * Nothing when there are edges to draw.
 */
export function TrafficGraphEmpty(props: { graph: TrafficGraph }) {
  const { graph } = props;
  const { kubernetes, kiali, prometheus } = graph.sources;
  if (kubernetes.state === 'ok' && !graph.membership.member) {
    return (
      <EmptyState
        missing="info"
        title={`Namespace ${graph.namespace} is not in a service mesh`}
        description="Its pods run without Envoy sidecars, so no proxy reports their requests and there is no traffic to draw."
      />
    );
  }
  if (graph.source !== 'none') {
    if (graph.edges.length > 0) return null;
    return (
      <EmptyState
        missing="data"
        title={`No traffic in the last ${minutes(graph.window)} yet`}
        description={`No requests to or from ${
          graph.entity.kind === 'component'
            ? `${graph.entity.name}'s workloads`
            : `the workloads of ${graph.namespace}`
        } were reported in this window. Once something calls them, the graph appears here; a longer window shows older traffic.`}
      />
    );
  }
  if (
    kiali.state === 'not-configured' &&
    prometheus?.state === 'not-configured'
  ) {
    return (
      <EmptyState
        missing="field"
        title={`Prometheus is not configured for cluster ${graph.cluster}`}
        description={`The graph is drawn from Istio's request metrics. Set serviceMesh.clusters[].prometheus.url (or kiali.url) for the cluster ${graph.cluster} in the app-config of the backend.`}
      />
    );
  }
  return (
    <Alert severity="error">
      {[
        reason(kiali) && `Kiali's graph could not be read (${reason(kiali)}).`,
        reason(prometheus) &&
          `Prometheus could not be read (${reason(prometheus)}).`,
        prometheus?.state === 'not-configured' &&
          `No Prometheus is configured for cluster ${graph.cluster}.`,
      ]
        .filter(Boolean)
        .join(' ')}{' '}
      The traffic graph cannot be drawn.
    </Alert>
  );
}

/** Warnings about a graph that is drawn: Kiali failed (Prometheus drew it), or Kubernetes failed. */
export function TrafficGraphWarnings(props: { graph: TrafficGraph }) {
  const { graph } = props;
  const { kubernetes, kiali } = graph.sources;
  return (
    <>
      {graph.source === 'prometheus' && kiali.state === 'error' && (
        <Alert severity="info">
          Kiali's graph could not be read ({kiali.reason}); this graph comes
          from Prometheus.
        </Alert>
      )}
      {kubernetes.state === 'error' && (
        <Alert severity="warning">
          Kubernetes could not be read ({kubernetes.reason}); circuit breakers
          and the entity's own workloads are not marked.
        </Alert>
      )}
    </>
  );
}
