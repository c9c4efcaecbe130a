import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { useTheme } from '@material-ui/core/styles';
import {
  HealthState,
  TrafficEdge,
  TrafficGraph,
  TrafficNode,
} from '@service-mesh/plugin-service-mesh-common';
import { useMemo } from 'react';
import { textWidth } from './textWidth';
import { useHealthColours } from './healthColours';
import {
  edgeDescription,
  edgeLabelLines,
  nodeDescription,
  nodeRole,
  nodeTitle,
} from './trafficGraphText';

type NodeData = { node: TrafficNode; namespace: string };
type EdgeData = { data: TrafficEdge; description: string };

const FONT = 12;
const LINE = 16;
const PADDING = 8;
const EDGE_LABEL_CLASS = 'service-mesh-traffic-edge';

function GraphNode(props: NodeData) {
  const { node, namespace } = props;
  const colours = useHealthColours();
  const theme = useTheme();
  const title = nodeTitle(node);
  const role = nodeRole(node, namespace);
  const lines = role ? [title, role] : [title];
  const width = Math.max(...lines.map(l => textWidth(l, FONT))) + 2 * PADDING;
  const height = lines.length * LINE + 2 * PADDING - 4;
  const description = nodeDescription(node, namespace);
  return (
    <g role="img" aria-label={description}>
      <title>{description}</title>
      <rect
        width={width}
        height={height}
        rx={node.kind === 'workload' ? 6 : height / 2}
        fill={theme.palette.background.paper}
        stroke={colours[node.health]}
        strokeWidth={node.own ? 3 : 1.5}
        strokeDasharray={node.kind === 'unknown' ? '4 3' : undefined}
      />
      {lines.map((line, i) => (
        <text
          key={line}
          x={width / 2}
          y={PADDING + (i + 1) * LINE - 4}
          textAnchor="middle"
          fontSize={i === 0 ? FONT : FONT - 1}
          fontWeight={i === 0 ? 600 : 400}
          fill={
            i === 0 ? theme.palette.text.primary : theme.palette.text.secondary
          }
        >
          {line}
        </text>
      ))}
    </g>
  );
}

function EdgeLabel(props: EdgeData) {
  const { data, description } = props;
  const colours = useHealthColours();
  const theme = useTheme();
  const colour = colours[data.health];
  const [main, marks] = edgeLabelLines(data);
  const lines = [main, ...(marks.length ? [marks.join(' · ')] : [])];
  const width = Math.max(...lines.map(l => textWidth(l, FONT - 1))) + PADDING;
  const height = lines.length * (LINE - 2) + 4;
  return (
    <g
      role="img"
      aria-label={description}
      className={EDGE_LABEL_CLASS}
      data-health={data.health}
    >
      <title>{description}</title>
      <rect
        x={-width / 2}
        y={-height / 2}
        width={width}
        height={height}
        rx={3}
        fill={theme.palette.background.paper}
        stroke={colour}
        strokeWidth={data.circuitBreakerTripped ? 2 : 0.75}
        strokeDasharray={data.circuitBreakerTripped ? '4 2' : undefined}
      />
      {lines.map((line, i) => (
        <text
          key={line}
          x={0}
          y={-height / 2 + (i + 1) * (LINE - 2) - 1}
          textAnchor="middle"
          fontSize={FONT - 1}
          fill={i === 0 ? theme.palette.text.primary : colour}
        >
          {line}
        </text>
      ))}
    </g>
  );
}

/**
 * Colours each edge's path like its label. DependencyGraph draws an edge's
 * path just before the group holding its label and styles every path alike;
 * without `:has()` the paths stay in the theme's grey and the labels still
 * carry the colour.
 */
function edgeColourStyle(colours: Record<HealthState, string>): string {
  return (Object.keys(colours) as HealthState[])
    .map(
      health =>
        `path:has(+ g > .${EDGE_LABEL_CLASS}[data-health="${health}"]) { stroke: ${colours[health]}; stroke-width: 1.5px; }`,
    )
    .join('\n');
}

/**
 * The traffic graph drawn with Backstage's DependencyGraph, left to right:
 * nodes outlined in their health's colour (the entity's own workloads
 * thicker), edges in theirs with the share of the caller's requests, the
 * rate, errors, mTLS and an open circuit breaker on their label (which
 * DependencyGraph measures, so that the layout leaves room for it).
 */
export function TrafficGraphDiagram(props: { graph: TrafficGraph }) {
  const { graph } = props;
  const colours = useHealthColours();
  const { nodes, edges } = useMemo(() => {
    const byId = new Map(graph.nodes.map(n => [n.id, n]));
    return {
      nodes: graph.nodes.map(node => ({
        id: node.id,
        node,
        namespace: graph.namespace,
      })),
      edges: graph.edges.map(edge => ({
        from: edge.source,
        to: edge.target,
        label: edge.id,
        data: edge,
        description: edgeDescription(
          edge,
          byId.get(edge.source)!,
          byId.get(edge.target)!,
        ),
      })),
    };
  }, [graph]);
  return (
    <DependencyGraph<NodeData, EdgeData>
      role="group"
      aria-label={`Traffic graph of ${graph.namespace} over the last ${graph.window}`}
      nodes={nodes}
      edges={edges}
      direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
      labelPosition={DependencyGraphTypes.LabelPosition.CENTER}
      rankMargin={40}
      nodeMargin={24}
      edgeMargin={12}
      paddingX={16}
      paddingY={16}
      showArrowHeads
      zoom="enable-on-click"
      renderNode={({ node }) => (
        <GraphNode node={node.node} namespace={node.namespace} />
      )}
      renderLabel={({ edge }) => (
        <EdgeLabel data={edge.data} description={edge.description} />
      )}
      defs={<style>{edgeColourStyle(colours)}</style>}
    />
  );
}
