/**
 * A field another field manager owns, that a server-side apply tried to change.
 *
 * @public
 */
export interface ApplyConflict {
  /** `spec.http`, as kubectl paths print it. */
  field: string;
  /** The other field manager: `kubectl-edit`, `argocd-controller`, ... */
  manager: string;
}

/**
 * The conflicts of a server-side apply that the API server refused with 409
 * (its Status `details.causes` of reason FieldManagerConflict), or none when
 * the error is something else.
 *
 * @public
 */
export function applyConflictsOf(error: unknown): ApplyConflict[] {
  const e = error as any;
  if (e?.code !== 409 || typeof e.body !== 'string') return [];
  let status: any;
  try {
    status = JSON.parse(e.body);
  } catch {
    return [];
  }
  return ((status?.details?.causes ?? []) as any[])
    .filter(cause => cause?.reason === 'FieldManagerConflict')
    .map(cause => ({
      field: String(cause.field ?? '').replace(/^\./, ''),
      manager:
        /conflict with "([^"]+)"/.exec(cause.message ?? '')?.[1] ??
        'another manager',
    }));
}

/**
 * `spec.http is also managed by "kubectl-edit"`, for every conflict, in one sentence.
 *
 * @public
 */
export function describeApplyConflicts(conflicts: ApplyConflict[]): string {
  return conflicts
    .map(c => `${c.field} is also managed by "${c.manager}"`)
    .join('; ');
}

/**
 * Server-side applies without taking fields from other managers: `apply` runs
 * unforced, and again forced only when every conflict is with our own manager
 * (its Update entry from a create; Kubernetes tells Apply and Update apart).
 * A conflict with anyone else is thrown, for the caller to name.
 *
 * @public
 */
export async function applyKeepingOthersFields<T>(
  ownManager: string,
  apply: (force: boolean) => Promise<T>,
): Promise<T> {
  try {
    return await apply(false);
  } catch (error) {
    const conflicts = applyConflictsOf(error);
    if (conflicts.length === 0 || conflicts.some(c => c.manager !== ownManager))
      throw error;
    return apply(true);
  }
}
