import { z } from 'zod/v3';

/** The createTemplateAction form of a zod shape (one function per field). */
export function schemaFields<S extends z.ZodRawShape>(
  shape: S,
): { [K in keyof S]: () => S[K] } {
  return Object.fromEntries(
    Object.entries(shape).map(([key, type]) => [key, () => type]),
  ) as { [K in keyof S]: () => S[K] };
}

/** The namespaces of a user's mesh, unless given explicitly. */
export function userNamespaces(input: {
  user: string;
  namespace?: string;
  controlPlaneNamespace?: string;
}) {
  return {
    app: input.namespace ?? `${input.user}-sockshop`,
    controlPlane: input.controlPlaneNamespace ?? `${input.user}-istio-system`,
  };
}
