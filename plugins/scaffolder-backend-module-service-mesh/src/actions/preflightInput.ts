import { z } from 'zod/v3';
import * as fields from '../inputs/fields';

export const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId().optional(),
  parameters: z
    .record(z.unknown())
    .optional()
    .describe(
      "The form's values (${{ parameters }}): with them every input of the template's later steps is checked before any of them runs",
    ),
};
export const preflightInput = z.object(inputShape);
