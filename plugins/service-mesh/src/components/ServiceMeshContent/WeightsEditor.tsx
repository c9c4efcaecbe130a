import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  WeightedTrafficRoute,
  routeObjectOf,
  shiftKeyOf,
  shiftWeightsOf,
} from '@service-mesh/plugin-service-mesh-common';
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

/**
 * Number inputs per subset (VirtualService) or backend Service (HTTPRoute), validated as the backend will, then a confirm
 * dialog before `onApply`. Mount it with a key of the configured weights so a
 * new configuration resets the inputs.
 */
export function WeightsEditor(props: {
  service: string;
  route: WeightedTrafficRoute;
  onApply(weights: Record<string, number>): Promise<void>;
}) {
  const { service, route } = props;
  const classes = useStyles();
  const current = shiftWeightsOf(route);
  const [inputs, setInputs] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(current).map(([name, weight]) => [name, String(weight)]),
    ),
  );
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error>();
  const check = checkWeightInputs(inputs);
  const changed =
    check.weights !== undefined &&
    Object.entries(check.weights).some(([s, w]) => current[s] !== w);

  const versionOf = (key: string) =>
    route.destinations.find(d => shiftKeyOf(route, d) === key)?.version;

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
        {Object.keys(inputs).map(name => {
          const version = versionOf(name);
          return (
            <TextField
              key={name}
              className={classes.input}
              type="number"
              label={`${name}${
                version && version !== name ? ` (${version})` : ''
              } %`}
              value={inputs[name]}
              onChange={event =>
                setInputs({ ...inputs, [name]: event.target.value })
              }
              error={Boolean(check.fieldErrors[name])}
              helperText={check.fieldErrors[name]}
              inputProps={{
                min: 0,
                max: 100,
                step: 1,
                'aria-label': `Weight of ${name} for ${service}`,
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
          routeKind={routeObjectOf(route).kind}
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
