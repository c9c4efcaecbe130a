import Alert from '@material-ui/lab/Alert';
import { RequestRateHistory } from '@service-mesh/plugin-service-mesh-common';
import { PollingState } from '../../hooks';

/**
 * Says why the request-rate history is missing or old: the request failed,
 * or Prometheus could not be read. Nothing when it is fine.
 */
export function RequestRateWarning(props: {
  state: PollingState<RequestRateHistory>;
}) {
  const { value, error } = props.state;
  if (error && !value) {
    return (
      <Alert severity="warning">
        {`The request-rate history could not be loaded (${error.message}); the other figures are shown without it.`}
      </Alert>
    );
  }
  if (value?.source.state === 'error') {
    return (
      <Alert severity="warning">
        {`Prometheus could not be read for the request-rate history (${value.source.reason}); the other figures are shown without it.`}
      </Alert>
    );
  }
  if (error && value) {
    return (
      <Alert severity="info">
        {`Refreshing the request-rate history failed, showing the rates up to ${new Date(
          value.end,
        ).toLocaleTimeString()}: ${error.message}`}
      </Alert>
    );
  }
  return null;
}
