import Box from '@material-ui/core/Box';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { formatSplit } from './format';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    width: theme.spacing(20),
    height: theme.spacing(2.5),
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    border: `1px solid ${theme.palette.divider}`,
  },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    fontSize: theme.typography.caption.fontSize,
  },
}));

/** Theme colours for versions in order, so both light and dark themes read. */
export function versionColours(theme: Theme): string[] {
  return [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.info.main,
    theme.palette.success.main,
    theme.palette.warning.main,
  ];
}

/** As much of `v2 20%` as fits a segment of the bar. */
function segmentText(version: string, share: number): string {
  if (share >= 30) return `${version} ${share}%`;
  return share >= 12 ? version : '';
}

/** A stacked bar of the configured weight per version. */
export function WeightBar(props: {
  service: string;
  split: Record<string, number>;
}) {
  const { service, split } = props;
  const classes = useStyles();
  const theme = useTheme();
  const colours = versionColours(theme);
  const versions = Object.keys(split).sort((a, b) => a.localeCompare(b));
  return (
    <Box
      className={classes.bar}
      role="img"
      aria-label={`Configured weights of ${service}: ${formatSplit(split)}`}
    >
      {versions.map((version, index) => {
        const share = split[version];
        if (share <= 0) return null;
        const background = colours[index % colours.length];
        const label = `${version} ${share}%`;
        return (
          <span
            key={version}
            className={classes.segment}
            title={label}
            // per-segment values: inline, rather than a style sheet per row
            style={{
              width: `${share}%`,
              background,
              color: theme.palette.getContrastText(background),
            }}
          >
            {segmentText(version, share)}
          </span>
        );
      })}
    </Box>
  );
}
