import {
  DNS1123_LABEL,
  DNS1123_LABEL_MESSAGE,
  validateWeights,
} from '@service-mesh/plugin-service-mesh-common';
import { z } from 'zod/v3';

/** A Kubernetes object or namespace name (RFC 1123 label, at most 63 characters). */
export const name = (description: string) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(63, 'must be at most 63 characters')
    .regex(DNS1123_LABEL, DNS1123_LABEL_MESSAGE)
    .describe(description);

/**
 * The user id the namespaces are named after. At most 49 characters so that
 * `<user>-istio-system` stays within 63.
 */
export const userId = () =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(
      49,
      'must be at most 49 characters (namespaces are named <user>-istio-system)',
    )
    .regex(DNS1123_LABEL, DNS1123_LABEL_MESSAGE)
    .describe(
      'The user id (e.g. user1); the namespaces are <user>-istio-system and <user>-sockshop',
    );

export const cluster = () =>
  z
    .string()
    .min(1, 'must name a cluster of the kubernetes config section')
    .describe(
      'The cluster, by its name in the kubernetes.clusterLocatorMethods config (e.g. local)',
    );

export const timeoutSeconds = (defaultSeconds: number, what: string) =>
  z
    .number()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(3600, 'must be at most 3600 seconds')
    .default(defaultSeconds)
    .describe(`How long to wait for ${what}, in seconds`);

/** An Istio duration such as `10s`, `500ms` or `1m`. */
export const duration = (description: string) =>
  z
    .string()
    .regex(
      /^[1-9][0-9]*(ms|s|m|h)$/,
      'must be a duration like 500ms, 10s, 1m or 1h',
    )
    .describe(description);

const IMAGE =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export const image = (description: string) =>
  z
    .string()
    .max(255, 'must be at most 255 characters')
    .regex(IMAGE, 'must be an image reference like quay.io/org/name:tag')
    .describe(description);

export const count = (description: string, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .describe(description);

export const percent = (description: string) =>
  z
    .number()
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(100, 'must be at most 100')
    .describe(description);

/** Subset weights, checked exactly as the common validateWeights checks them. */
export const weights = (description: string) =>
  z
    .record(z.unknown())
    .superRefine((value, ctx) => {
      const result = validateWeights(value, 'weights');
      if (result.valid) return;
      for (const error of result.errors) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: error.message,
          path: error.field.split('.').slice(1),
        });
      }
    })
    .transform(value => value as Record<string, number>)
    .describe(description);

/** A DNS domain such as `apps.cluster.example.com`. */
export const domain = (description: string) =>
  z
    .string()
    .max(253, 'must be at most 253 characters')
    .regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/,
      'must be a lowercase DNS domain like apps.cluster.example.com',
    )
    .describe(description);

/** An entity ref like `group:default/team`; without a namespace it is in `default`. */
export const entityRef = (description: string) =>
  z
    .string()
    .regex(
      /^[a-z]+:([a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/i,
      'must be an entity ref like group:default/team or user:guest',
    )
    .transform(ref => {
      const [kind, rest] = ref.split(':', 2);
      const full = rest.includes('/') ? rest : `default/${rest}`;
      return `${kind.toLocaleLowerCase('en-US')}:${full}`;
    })
    .describe(description);

/** The data plane of an OSSM 3 (Sail) mesh. */
export const dataplane = () =>
  z
    .enum(['sidecar', 'ambient'])
    .default('sidecar')
    .describe(
      "'sidecar' (Envoy in every pod) or 'ambient' (ztunnel per node, waypoints for L7)",
    );
