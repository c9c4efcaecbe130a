import { useTheme } from '@material-ui/core/styles';
import { RolloutView } from '@service-mesh/plugin-service-mesh-common';
import {
  ChartLane,
  ChartPoint,
  rolloutChartGeometry,
  RolloutChartSize,
} from './rolloutChartGeometry';

const SIZE: RolloutChartSize = {
  width: 560,
  laneHeight: 48,
  gap: 20,
  left: 48,
  right: 8,
};

const time = (at: string) => new Date(at).toLocaleTimeString();

const polyline = (points: ChartPoint[]) =>
  points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');

function Lane(props: {
  lane: ChartLane;
  title: string;
  unit: string;
  colour: string;
  /** The accessible name of one point. */
  pointLabel(point: ChartPoint): string;
  line?: string;
}) {
  const { lane, title, unit, colour, pointLabel } = props;
  const theme = useTheme();
  const text = {
    fontSize: 10,
    fill: theme.palette.text.secondary,
    fontFamily: theme.typography.fontFamily,
  };
  return (
    <g>
      <text x={SIZE.left} y={lane.top - 6} {...text}>
        {title}
      </text>
      <text x={SIZE.left - 4} y={lane.top + 4} textAnchor="end" {...text}>
        {`${lane.max} ${unit}`}
      </text>
      <text x={SIZE.left - 4} y={lane.bottom} textAnchor="end" {...text}>
        {`${lane.min} ${unit}`}
      </text>
      <line
        x1={SIZE.left}
        x2={SIZE.width}
        y1={lane.bottom}
        y2={lane.bottom}
        stroke={theme.palette.divider}
      />
      {lane.thresholdY !== undefined && (
        <line
          x1={SIZE.left}
          x2={SIZE.width}
          y1={lane.thresholdY}
          y2={lane.thresholdY}
          stroke={theme.palette.warning.main}
          strokeDasharray="4 3"
        />
      )}
      <path
        d={props.line ?? polyline(lane.points)}
        fill="none"
        stroke={colour}
        strokeWidth={1.5}
        strokeLinejoin="round"
      />
      {lane.points.map((point, index) => (
        <circle
          // events can share a time (a check and the advance it decided)
          key={`${point.at} ${index}`}
          cx={point.x}
          cy={point.y}
          r={2.5}
          fill={colour}
          role="img"
          aria-label={pointLabel(point)}
        >
          <title>{pointLabel(point)}</title>
        </circle>
      ))}
    </g>
  );
}

/**
 * The run of a rollout from its timeline: the canary's weight as steps, and
 * the success rate and p99 of each check with its threshold dashed.
 */
export function RolloutChart(props: { rollout: RolloutView }) {
  const { rollout } = props;
  const theme = useTheme();
  const geometry = rolloutChartGeometry(
    rollout.timeline,
    rollout.plan.checks,
    SIZE,
  );
  const version = rollout.plan.canary.version;
  const checks = geometry.successRate.points.length;
  const label = `Rollout of ${rollout.plan.service} ${version} from ${time(
    geometry.start,
  )} to ${time(geometry.end)}: ${checks} check${
    checks === 1 ? '' : 's'
  } with figures`;
  if (rollout.timeline.length === 0) return null;
  return (
    <svg
      role="figure"
      aria-label={label}
      width="100%"
      viewBox={`0 0 ${SIZE.width} ${geometry.height}`}
      style={{ maxWidth: SIZE.width, display: 'block', overflow: 'visible' }}
    >
      <title>{label}</title>
      <Lane
        lane={geometry.weight}
        title={`${version} weight`}
        unit="%"
        colour={theme.palette.primary.main}
        line={geometry.weightLine}
        pointLabel={p => `${version} weight ${p.value} % at ${time(p.at)}`}
      />
      <Lane
        lane={geometry.successRate}
        title={`success rate (at least ${rollout.plan.checks.minSuccessRatePercent} %)`}
        unit="%"
        colour={theme.palette.success.main}
        pointLabel={p => `success rate ${p.value} % at ${time(p.at)}`}
      />
      <Lane
        lane={geometry.p99}
        title={`p99 latency (at most ${rollout.plan.checks.maxP99LatencyMs} ms)`}
        unit="ms"
        colour={theme.palette.secondary.main}
        pointLabel={p => `p99 ${p.value} ms at ${time(p.at)}`}
      />
      <text
        x={SIZE.left}
        y={geometry.height - 4}
        fontSize={10}
        fontFamily={theme.typography.fontFamily}
        fill={theme.palette.text.secondary}
      >
        {time(geometry.start)}
      </text>
      <text
        x={SIZE.width}
        y={geometry.height - 4}
        fontSize={10}
        textAnchor="end"
        fontFamily={theme.typography.fontFamily}
        fill={theme.palette.text.secondary}
      >
        {time(geometry.end)}
      </text>
    </svg>
  );
}
