import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/**
 * Checks an action's input before any cluster call; the error names every
 * offending field, e.g. `Invalid input: weights.v2 must be ...`.
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    const field = issue.path.join('.') || 'input';
    const message =
      issue.code === 'invalid_type' && issue.received === 'undefined'
        ? 'is required'
        : issue.message;
    return `${field} ${message}`;
  });
  return failInput(problems);
}

function failInput(problems: string[]): never {
  throw new InputError(`Invalid input: ${problems.join('; ')}`);
}
