import { alpha, useTheme } from '@material-ui/core/styles';
import { requestRateLabel } from './requestRateLabel';
import { RatePoint, RateWindow } from './requestRateSeries';
import { sparklineGeometry, SparklineSize } from './sparklineGeometry';

/** The size of a sparkline, also used by placeholders of the same size. */
export const SPARKLINE_SIZE: SparklineSize = {
  width: 120,
  height: 24,
  padding: 2,
};

/**
 * A service's request rate over the queried window as a small line, in the
 * theme's colours; its label says the range and the latest value.
 */
export function RequestRateSparkline(props: {
  service: string;
  points: RatePoint[];
  window: RateWindow;
}) {
  const { service, points, window } = props;
  const theme = useTheme();
  const colour = theme.palette.primary.main;
  const { width, height } = SPARKLINE_SIZE;
  const geometry = sparklineGeometry(points, window, SPARKLINE_SIZE);
  const label = requestRateLabel(service, points, window);
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      style={{ display: 'block', overflow: 'visible' }}
    >
      <title>{label}</title>
      <line
        x1={0}
        x2={width}
        y1={geometry.baseline}
        y2={geometry.baseline}
        stroke={theme.palette.divider}
        strokeWidth={1}
      />
      {geometry.areas.map(d => (
        <path key={`area ${d}`} d={d} fill={alpha(colour, 0.2)} />
      ))}
      {geometry.lines.map(d => (
        <path
          key={`line ${d}`}
          d={d}
          fill="none"
          stroke={colour}
          strokeWidth={1.5}
          strokeLinejoin="round"
          strokeLinecap="round"
        />
      ))}
      {geometry.dots.map(({ x, y }) => (
        <circle key={`dot ${x} ${y}`} cx={x} cy={y} r={1.5} fill={colour} />
      ))}
      {geometry.last && (
        <circle cx={geometry.last.x} cy={geometry.last.y} r={2} fill={colour} />
      )}
    </svg>
  );
}
