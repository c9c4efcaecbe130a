import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  RolloutPlan,
  ServiceStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { useState } from 'react';
import {
  checkRolloutInputs,
  defaultRolloutInputs,
  RolloutInputField,
  RolloutPlanInputs,
  rolloutSubsets,
  rolloutTargetNoun,
  subsetVersion,
} from './rolloutPlanInputs';

const useStyles = makeStyles(theme => ({
  inputs: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
  },
  input: { width: theme.spacing(22) },
  wide: { width: theme.spacing(30) },
}));

const TEXT_FIELDS: Array<{
  field: Exclude<RolloutInputField, 'stableSubset' | 'canarySubset'>;
  label: string;
  hint?: string;
  wide?: boolean;
}> = [
  {
    field: 'steps',
    label: 'Steps (canary %)',
    hint: 'e.g. 10, 25, 50; 100 follows',
    wide: true,
  },
  { field: 'bakeSeconds', label: 'Bake per step (s)' },
  { field: 'interval', label: 'Check interval', hint: 'e.g. 30s, 1m' },
  { field: 'minSuccessRatePercent', label: 'Min success rate (%)' },
  { field: 'maxP99LatencyMs', label: 'Max p99 latency (ms)' },
  { field: 'minRequests', label: 'Min requests per check' },
  { field: 'failedChecksThreshold', label: 'Failed checks to roll back' },
];

/**
 * The plan of a new rollout of one service, checked as the backend checks it
 * on every change; each problem shows under its input.
 */
export function StartRolloutForm(props: {
  service: ServiceStatus;
  editable: boolean;
  onStart(plan: RolloutPlan): Promise<void>;
}) {
  const { service, editable } = props;
  const classes = useStyles();
  const [inputs, setInputs] = useState<RolloutPlanInputs>(() =>
    defaultRolloutInputs(service),
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error>();
  const check = checkRolloutInputs(service, inputs);
  const subsets = rolloutSubsets(service);
  const noun = rolloutTargetNoun(service);
  const set =
    (field: RolloutInputField) => (event: { target: { value: unknown } }) =>
      setInputs({ ...inputs, [field]: String(event.target.value) });

  const start = async () => {
    if (!check.plan) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await props.onStart(check.plan);
    } catch (error) {
      setFailure(error as Error);
    }
    setBusy(false);
  };

  const subsetSelect = (
    field: 'stableSubset' | 'canarySubset',
    label: string,
  ) => (
    <TextField
      select
      className={classes.input}
      label={label}
      value={inputs[field]}
      onChange={set(field)}
      disabled={!editable || busy}
      error={Boolean(check.fieldErrors[field])}
      helperText={check.fieldErrors[field]}
      SelectProps={{
        SelectDisplayProps: { 'aria-label': `${label} of ${service.name}` },
      }}
    >
      {subsets.map(subset => {
        const version = subsetVersion(service, subset);
        return (
          <MenuItem key={subset} value={subset}>
            {subset}
            {version !== subset ? ` (${version})` : ''}
          </MenuItem>
        );
      })}
    </TextField>
  );

  return (
    <Box
      component="form"
      aria-label={`New rollout of ${service.name}`}
      onSubmit={(event: { preventDefault(): void }) => {
        event.preventDefault();
        start();
      }}
    >
      <Typography variant="subtitle2" gutterBottom>
        New rollout
      </Typography>
      <div className={classes.inputs}>
        {subsetSelect('stableSubset', `Stable ${noun}`)}
        {subsetSelect('canarySubset', `Canary ${noun}`)}
        {TEXT_FIELDS.map(({ field, label, hint, wide }) => (
          <TextField
            key={field}
            id={`rollout-${service.name}-${field}`}
            className={wide ? classes.wide : classes.input}
            label={label}
            value={inputs[field]}
            onChange={set(field)}
            disabled={!editable || busy}
            error={Boolean(check.fieldErrors[field])}
            helperText={check.fieldErrors[field] ?? hint}
            inputProps={{ 'aria-label': `${label} for ${service.name}` }}
          />
        ))}
      </div>
      {check.formError && (
        <Typography role="alert" color="error" variant="body2">
          {check.formError}
        </Typography>
      )}
      <Box mt={2}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={!editable || !check.plan || busy}
        >
          {busy ? 'Starting…' : 'Start rollout'}
        </Button>
      </Box>
      {failure && (
        <Box mt={1}>
          <Alert severity="error">{failure.message}</Alert>
        </Box>
      )}
    </Box>
  );
}
