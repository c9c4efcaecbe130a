import { InfoCard } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  DEFAULT_TRAFFIC_GRAPH_WINDOW,
  TRAFFIC_GRAPH_WINDOWS,
  TrafficGraph,
  TrafficGraphWindow,
} from '@service-mesh/plugin-service-mesh-common';
import { useState } from 'react';
import { useTrafficGraph } from '../../../hooks';
import { MeshStatusSkeleton } from '../../MeshStatusSkeleton';
import { TrafficEdgesTable } from './TrafficEdgesTable';
import { TrafficGraphDiagram } from './TrafficGraphDiagram';
import { TrafficGraphEmpty, TrafficGraphWarnings } from './TrafficGraphState';

const windowLabels: Record<TrafficGraphWindow, [string, string]> = {
  '1m': ['1 min', 'Last minute'],
  '5m': ['5 min', 'Last 5 minutes'],
  '30m': ['30 min', 'Last 30 minutes'],
};

function WindowSelector(props: {
  value: TrafficGraphWindow;
  onChange(window: TrafficGraphWindow): void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      aria-label="Window of the traffic graph"
      onChange={(_event, window: TrafficGraphWindow | null) => {
        if (window) props.onChange(window);
      }}
    >
      {TRAFFIC_GRAPH_WINDOWS.map(window => (
        <ToggleButton
          key={window}
          value={window}
          aria-label={windowLabels[window][1]}
        >
          {windowLabels[window][0]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

function subheader(graph: TrafficGraph | undefined): string {
  if (!graph || graph.source === 'none')
    return "Requests between the entity's workloads";
  return `Requests as ${
    graph.source === 'kiali' ? "Kiali's graph" : 'Prometheus'
  } saw them, updated ${new Date(graph.generatedAt).toLocaleTimeString()}`;
}

/**
 * The entity's live traffic graph, as Kiali's graph shows it: who calls whom,
 * the share of each caller's requests (a canary's 80/20), errors, mTLS and
 * open circuit breakers, over the last 1, 5 or 30 minutes; with the same
 * edges as a table. Refreshes while the page is visible.
 */
export function TrafficGraphCard(props: { entity: Entity }) {
  const [window, setWindow] = useState<TrafficGraphWindow>(
    DEFAULT_TRAFFIC_GRAPH_WINDOW,
  );
  const state = useTrafficGraph(props.entity, window);
  const graph = state.value;
  return (
    <InfoCard
      title="Traffic graph"
      subheader={subheader(graph)}
      action={<WindowSelector value={window} onChange={setWindow} />}
    >
      {state.loading && <MeshStatusSkeleton rows={4} />}
      {state.error && !graph && (
        <Alert severity="error">
          The traffic graph could not be loaded: {state.error.message}
        </Alert>
      )}
      {state.error && graph && (
        <Alert severity="info">
          Refreshing the traffic graph failed, showing the one of{' '}
          {new Date(graph.generatedAt).toLocaleTimeString()}:{' '}
          {state.error.message}
        </Alert>
      )}
      {graph && (
        <>
          <TrafficGraphWarnings graph={graph} />
          <TrafficGraphEmpty graph={graph} />
          {graph.edges.length > 0 && (
            <>
              <TrafficGraphDiagram graph={graph} />
              <Typography variant="caption" color="textSecondary" component="p">
                Outlines and edges: green healthy, orange degraded, red failing
                (Kiali's error tolerances), grey no requests received. A thick
                outline marks the entity's own workloads; a dashed edge label,
                an open circuit breaker. Click the graph to zoom.
              </Typography>
              <Box mt={2}>
                <Typography variant="subtitle2" component="h3" gutterBottom>
                  Edges
                </Typography>
                <TrafficEdgesTable graph={graph} />
              </Box>
            </>
          )}
        </>
      )}
    </InfoCard>
  );
}
