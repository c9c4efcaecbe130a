import {
  FieldError,
  validateWeights,
} from '@service-mesh/plugin-service-mesh-common';

export interface WeightCheck {
  weights?: Record<string, number>;
  /** Errors of single inputs, keyed by weight key (subset or backend Service). */
  fieldErrors: Record<string, string>;
  /** An error about the weights as a whole, e.g. their sum. */
  formError?: string;
}

/** Checks what the user typed per subset with the same rules the backend applies. */
export function checkWeightInputs(inputs: Record<string, string>): WeightCheck {
  const parsed: Record<string, unknown> = {};
  for (const [subset, raw] of Object.entries(inputs)) {
    const number = Number(raw);
    parsed[subset] = raw.trim() === '' || Number.isNaN(number) ? raw : number;
  }
  const result = validateWeights(parsed);
  if (result.valid) return { weights: result.weights, fieldErrors: {} };
  const fieldErrors: Record<string, string> = {};
  let formError: string | undefined;
  for (const error of result.errors as FieldError[]) {
    const subset = error.field.startsWith('weights.')
      ? error.field.slice('weights.'.length)
      : undefined;
    if (subset) fieldErrors[subset] = error.message;
    else formError = `Weights ${error.message}.`;
  }
  return { fieldErrors, formError };
}
