import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  applyConflictsOf,
  describeApplyConflicts,
  describeKubeError,
} from '@service-mesh/plugin-service-mesh-node';

/** A cluster's refusal as a Backstage error with the right HTTP status and no credentials. */
export function toBackstageError(error: unknown, what: string): Error {
  const { code, message } = describeKubeError(error);
  const conflicts = applyConflictsOf(error);
  if (conflicts.length > 0) {
    return new ConflictError(
      `${what}: ${describeApplyConflicts(
        conflicts,
      )}; the change was not applied, so as not to take those fields from their manager`,
    );
  }
  switch (code) {
    case 409:
      return new ConflictError(
        `${what}: the object changed meanwhile; try again (${message})`,
      );
    case 403:
      return new NotAllowedError(
        `${what}: the cluster refused the plugin's service account: ${message}`,
      );
    case 404:
      return new NotFoundError(`${what}: ${message}`);
    default:
      return new ServiceUnavailableError(
        `${what}: ${code ? `HTTP ${code}: ` : ''}${message}`,
      );
  }
}
