import { useTheme } from '@material-ui/core/styles';
import { HealthState } from '@service-mesh/plugin-service-mesh-common';

/** The colour of each health in the theme: green, orange, red, and grey for no data. */
export function useHealthColours(): Record<HealthState, string> {
  const { palette } = useTheme();
  return {
    Healthy: palette.success.main,
    Degraded: palette.warning.main,
    Failure: palette.error.main,
    'Not Ready': palette.text.disabled,
    NA: palette.text.secondary,
  };
}
