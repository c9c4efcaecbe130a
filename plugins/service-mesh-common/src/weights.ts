/** @public */
export interface FieldError {
  /** The offending field, e.g. `weights.v2`. */
  field: string;
  message: string;
}

/** @public */
export type WeightsValidation =
  | { valid: true; weights: Record<string, number> }
  | { valid: false; errors: FieldError[] };

/**
 * Checks traffic weights as Istio will accept them: at least one destination,
 * each a whole number from 0 to 100, all summing to exactly 100.
 *
 * @public
 */
export function validateWeights(
  weights: unknown,
  field = 'weights',
): WeightsValidation {
  if (
    weights === null ||
    typeof weights !== 'object' ||
    Array.isArray(weights)
  ) {
    return {
      valid: false,
      errors: [
        {
          field,
          message:
            'must be an object of subset name to weight, e.g. {"v1": 80, "v2": 20}',
        },
      ],
    };
  }
  const entries = Object.entries(weights as Record<string, unknown>);
  if (entries.length === 0) {
    return {
      valid: false,
      errors: [{ field, message: 'must name at least one subset' }],
    };
  }
  const errors: FieldError[] = [];
  for (const [subset, weight] of entries) {
    if (
      typeof weight !== 'number' ||
      !Number.isInteger(weight) ||
      weight < 0 ||
      weight > 100
    ) {
      errors.push({
        field: `${field}.${subset}`,
        message: `must be a whole number from 0 to 100, got ${JSON.stringify(
          weight,
        )}`,
      });
    }
  }
  if (errors.length > 0) return { valid: false, errors };
  const total = entries.reduce((sum, [, w]) => sum + (w as number), 0);
  if (total !== 100) {
    return {
      valid: false,
      errors: [{ field, message: `must sum to 100, got ${total}` }],
    };
  }
  return {
    valid: true,
    weights: Object.fromEntries(entries) as Record<string, number>,
  };
}

/**
 * Percentage points between configured and observed shares, per version, when both are known.
 *
 * @public
 */
export function splitDrift(
  configured: Record<string, number>,
  observed: Record<string, number> | undefined,
): Record<string, number> {
  if (!observed || Object.keys(observed).length === 0) return {};
  const drift: Record<string, number> = {};
  for (const version of new Set([
    ...Object.keys(configured),
    ...Object.keys(observed),
  ])) {
    drift[version] = Math.abs(
      (configured[version] ?? 0) - (observed[version] ?? 0),
    );
  }
  return drift;
}

/**
 * Shares in percent that sum to 100, from raw rates per key (largest remainder rounding).
 *
 * @public
 */
export function toPercentages(
  rates: Record<string, number>,
): Record<string, number> {
  const entries = Object.entries(rates).filter(([, r]) => r > 0);
  const total = entries.reduce((sum, [, r]) => sum + r, 0);
  if (total <= 0) return {};
  const exact = entries.map(([k, r]) => ({ k, value: (r / total) * 100 }));
  const floors = exact.map(e => ({ ...e, floor: Math.floor(e.value) }));
  let remaining = 100 - floors.reduce((sum, e) => sum + e.floor, 0);
  const byRemainder = [...floors].sort(
    (a, b) => b.value - b.floor - (a.value - a.floor),
  );
  const result: Record<string, number> = Object.fromEntries(
    floors.map(e => [e.k, e.floor]),
  );
  for (const e of byRemainder) {
    if (remaining <= 0) break;
    result[e.k] += 1;
    remaining -= 1;
  }
  return result;
}
