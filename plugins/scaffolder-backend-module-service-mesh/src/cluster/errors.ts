import {
  applyConflictsOf,
  describeApplyConflicts,
} from '@service-mesh/plugin-service-mesh-node';
import { KindInfo } from './kinds';

/** A cluster failure told as a sentence, without tokens, request details or stack. */
export class ClusterError extends Error {
  constructor(
    message: string,
    readonly code?: number,
    readonly missingKind = false,
  ) {
    super(message);
    this.name = 'ClusterError';
    // the stack of a client-node request says nothing to a template author
    this.stack = `${this.name}: ${message}`;
  }
}

interface ApiStatus {
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; group?: string };
}

function statusOf(error: any): ApiStatus | undefined {
  if (typeof error?.body !== 'string') return undefined;
  try {
    return JSON.parse(error.body);
  } catch {
    return undefined;
  }
}

/** What the request was trying to do, for the sentence. */
export interface Attempt {
  verb: 'get' | 'list' | 'apply' | 'create' | 'delete' | 'watch';
  kind: KindInfo;
  name?: string;
  namespace?: string;
}

const where = (a: Attempt) =>
  `${a.kind.kind}${a.name ? ` '${a.name}'` : 's'}${
    a.namespace ? ` in namespace '${a.namespace}'` : ''
  }`;

/** True when the API server does not serve the kind at all (no CRD / API group). */
export function isMissingKind(error: unknown): boolean {
  if (error instanceof ClusterError) return error.missingKind;
  const e = error as any;
  if (/Unrecognized API version and kind/.test(e?.message ?? '')) return true;
  if (e?.code !== 404) return false;
  if (/Failed to fetch resource metadata/.test(e?.message ?? '')) return true;
  const status = statusOf(e);
  return !status?.details;
}

export function isNotFound(error: unknown): boolean {
  return (error as any)?.code === 404 && !isMissingKind(error);
}

/** Turns a client-node error into a ClusterError a developer understands. */
export function explain(error: unknown, attempt: Attempt): ClusterError {
  if (error instanceof ClusterError) return error;
  const e = error as any;
  const code: number | undefined =
    typeof e?.code === 'number' ? e.code : undefined;
  const status = statusOf(e);
  const reason = status?.message ?? '';
  const verb =
    attempt.verb === 'apply' ? 'patch (server-side apply)' : attempt.verb;
  if (isMissingKind(error)) {
    return new ClusterError(
      `The cluster does not know the kind ${attempt.kind.kind} (${attempt.kind.apiVersion}); install ${attempt.kind.providedBy} first`,
      404,
      true,
    );
  }
  switch (code) {
    case 401:
      return new ClusterError(
        `The cluster rejected the configured credentials (401 Unauthorized) while trying to ${verb} ${where(
          attempt,
        )}; check the cluster's serviceAccountToken`,
        code,
      );
    case 403:
      if (/admission webhook/.test(reason)) {
        return new ClusterError(
          `The cluster refused to ${verb} ${where(attempt)}: ${reason.replace(
            /^.*?denied the request: /,
            '',
          )}`,
          code,
        );
      }
      return new ClusterError(
        `Not allowed to ${verb} ${attempt.kind.kind} (${attempt.kind.plural}.${
          attempt.kind.apiVersion.includes('/')
            ? attempt.kind.apiVersion.split('/')[0]
            : 'core'
        })${
          attempt.namespace ? ` in namespace '${attempt.namespace}'` : ''
        }: the cluster's service account lacks the permission`,
        code,
      );
    case 404:
      return new ClusterError(`${where(attempt)} does not exist`, code);
    case 409:
      if (applyConflictsOf(error).length > 0) {
        return new ClusterError(
          `${where(attempt)} was not changed: ${describeApplyConflicts(
            applyConflictsOf(error),
          )}; change those fields there, or remove them from that manager, then run again`,
          code,
        );
      }
      return new ClusterError(
        `Conflict while trying to ${verb} ${where(attempt)}: ${
          reason || 'someone else changed it'
        }`,
        code,
      );
    case 422:
      return new ClusterError(`${where(attempt)} is invalid: ${reason}`, code);
    default:
      break;
  }
  if (code !== undefined) {
    return new ClusterError(
      `The cluster answered ${code}${
        status?.reason ? ` ${status.reason}` : ''
      } while trying to ${verb} ${where(attempt)}${
        reason ? `: ${reason}` : ''
      }`,
      code,
    );
  }
  const network = e?.cause?.code ?? e?.code ?? e?.type;
  return new ClusterError(
    `Could not reach the cluster while trying to ${verb} ${where(attempt)}${
      network ? ` (${network})` : ''
    }`,
  );
}
