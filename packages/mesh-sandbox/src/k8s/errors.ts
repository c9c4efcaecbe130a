import { ResourceType, qualifiedResource } from './types';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** A Kubernetes `Status` failure, as the API server writes it in an error body. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: {};
  status: 'Failure';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** Thrown anywhere in the API server; the HTTP layer turns it into its Status body. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
}

function fail(
  code: number,
  reason: string,
  message: string,
  details?: Status['details'],
): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

/** Status details as Go serializes them: an empty group (the core one) is omitted. */
const groupOf = (type: ResourceType) =>
  type.group ? { group: type.group } : {};

const objectDetails = (type: ResourceType, name: string) => ({
  name,
  ...groupOf(type),
  kind: type.plural,
});

/** The end-of-chain 404 for a path no API serves (no `details`). */
export const unknownPath = () =>
  fail(404, 'NotFound', 'the server could not find the requested resource');

export const notFound = (type: ResourceType, name: string) =>
  fail(
    404,
    'NotFound',
    `${qualifiedResource(type)} "${name}" not found`,
    objectDetails(type, name),
  );

export const alreadyExists = (type: ResourceType, name: string) =>
  fail(
    409,
    'AlreadyExists',
    `${qualifiedResource(type)} "${name}" already exists`,
    objectDetails(type, name),
  );

export const conflict = (type: ResourceType, name: string) =>
  fail(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(
      type,
    )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    objectDetails(type, name),
  );

export const applyConflict = (
  type: ResourceType,
  name: string,
  conflicts: { manager: string; apiVersion: string; field: string }[],
) => {
  const causes = conflicts.map(c => ({
    reason: 'FieldManagerConflict',
    message: `conflict with "${c.manager}" using ${c.apiVersion}`,
    field: c.field,
  }));
  const summary = conflicts
    .map(c => `conflict with "${c.manager}" using ${c.apiVersion}: ${c.field}`)
    .join('\n- ');
  const count = conflicts.length;
  return fail(
    409,
    'Conflict',
    count === 1
      ? `Apply failed with 1 conflict: ${summary}`
      : `Apply failed with ${count} conflicts: \n- ${summary}`,
    { ...objectDetails(type, name), causes },
  );
};

export const invalid = (
  type: ResourceType,
  name: string,
  causes: StatusCause[],
) => {
  const group = type.group ? `.${type.group}` : '';
  const messages = causes.map(c => `${c.field}: ${c.message}`);
  const text = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  return fail(
    422,
    'Invalid',
    `${type.kind}${group} "${name}" is invalid: ${text}`,
    { name, ...groupOf(type), kind: type.kind, causes },
  );
};

export const webhookDenied = (
  type: ResourceType,
  name: string,
  webhook: string,
  message: string,
) =>
  fail(
    403,
    'Forbidden',
    `${qualifiedResource(
      type,
    )} "${name}" is forbidden: admission webhook "${webhook}" denied the request: ${message}`,
    objectDetails(type, name),
  );

export const badRequest = (message: string) => fail(400, 'BadRequest', message);

export const unauthorized = () => fail(401, 'Unauthorized', 'Unauthorized');

export const forbidden = (
  user: string,
  verb: string,
  type: ResourceType,
  namespace?: string,
) =>
  fail(
    403,
    'Forbidden',
    `${qualifiedResource(
      type,
    )} is forbidden: User "${user}" cannot ${verb} resource "${
      type.plural
    }" in API group "${type.group}"${
      namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'
    }`,
    { ...groupOf(type), kind: type.plural },
  );

export const methodNotAllowed = (verb: string) =>
  fail(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${verb})`,
  );

export const unsupportedMediaType = (contentType: string) =>
  fail(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${contentType})`,
  );

export const expired = (resourceVersion: string, oldest?: number) =>
  fail(
    410,
    'Expired',
    `too old resource version: ${resourceVersion}${
      oldest === undefined ? '' : ` (${oldest})`
    }`,
  );

export const internal = (message: string) =>
  fail(500, 'InternalError', `Internal error occurred: ${message}`);
