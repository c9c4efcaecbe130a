import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { TrafficRoute } from '@service-mesh/plugin-service-mesh-common';
import { useState } from 'react';
import { ConfirmShiftDialog } from './ConfirmShiftDialog';
import { checkWeightInputs } from './weightInputs';

const useStyles = makeStyles(theme => ({
  inputs: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
  },
  input: { width: theme.spacing(16) },
}));

/** The weight per subset of a route, as the backend's POST keys them. */
export function subsetWeights(route: TrafficRoute): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const d of route.destinations) {
    if (d.subset) weights[d.subset] = (weights[d.subset] ?? 0) + d.weight;
  }
  return weights;
}

/**
 * Number inputs per subset, validated as the backend will, then a confirm
 * dialog before `onApply`. Mount it with a key of the configured weights so a
 * new configuration resets the inputs.
 */
export function WeightsEditor(props: {
  service: string;
  route: TrafficRoute;
  onApply(weights: Record<string, number>): Promise<void>;
}) {
  const { service, route } = props;
  const classes = useStyles();
  const current = subsetWeights(route);
  const [inputs, setInputs] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(current).map(([subset, weight]) => [
        subset,
        String(weight),
      ]),
    ),
  );
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error>();
  const check = checkWeightInputs(inputs);
  const changed =
    check.weights !== undefined &&
    Object.entries(check.weights).some(([s, w]) => current[s] !== w);

  const versionOf = (subset: string) =>
    route.destinations.find(d => d.subset === subset)?.version;

  const apply = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await props.onApply(check.weights!);
    } catch (error) {
      setFailure(error as Error);
    }
    // New weights usually remount the editor; this covers an unchanged answer.
    setBusy(false);
    setConfirming(false);
  };

  return (
    <Box
      component="form"
      aria-label={`Traffic weights of ${service}`}
      onSubmit={(event: { preventDefault(): void }) => {
        event.preventDefault();
        if (changed) setConfirming(true);
      }}
    >
      <div className={classes.inputs}>
        {Object.keys(inputs).map(subset => {
          const version = versionOf(subset);
          return (
            <TextField
              key={subset}
              className={classes.input}
              type="number"
              label={`${subset}${
                version && version !== subset ? ` (${version})` : ''
              } %`}
              value={inputs[subset]}
              onChange={event =>
                setInputs({ ...inputs, [subset]: event.target.value })
              }
              error={Boolean(check.fieldErrors[subset])}
              helperText={check.fieldErrors[subset]}
              inputProps={{
                min: 0,
                max: 100,
                step: 1,
                'aria-label': `Weight of ${subset} for ${service}`,
              }}
            />
          );
        })}
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={!changed || busy}
        >
          Apply weights
        </Button>
      </div>
      {check.formError && (
        <Typography role="alert" color="error" variant="body2">
          {check.formError}
        </Typography>
      )}
      {failure && (
        <Box mt={1}>
          <Alert severity="error">{failure.message}</Alert>
        </Box>
      )}
      {check.weights && (
        <ConfirmShiftDialog
          open={confirming}
          service={service}
          from={current}
          to={check.weights}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={apply}
        />
      )}
    </Box>
  );
}
