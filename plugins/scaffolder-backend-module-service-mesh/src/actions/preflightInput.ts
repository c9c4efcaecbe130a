import { z } from 'zod/v3';
import * as fields from '../inputs/fields';

export const inputShape = {
  cluster: fields
    .cluster()
    .optional()
    .describe(
      'The cluster, by its name in the kubernetes.clusterLocatorMethods config (e.g. local); without it, the clusters the later steps name (with parameters)',
    ),
  user: fields.userId().optional(),
  flavour: z
    .enum(['maistra', 'sail'])
    .default('maistra')
    .describe(
      "Without parameters, the mesh whose operators must be installed: 'maistra' (OSSM 2) or 'sail' (OSSM 3 / upstream Istio); with them, the steps of the run say it",
    ),
  dataplane: fields.dataplane(),
  parameters: z
    .record(z.unknown())
    .optional()
    .describe(
      "The form's values (${{ parameters }}): with them every input of the template's later steps is checked before any of them runs",
    ),
};
export const preflightInput = z.object(inputShape);
