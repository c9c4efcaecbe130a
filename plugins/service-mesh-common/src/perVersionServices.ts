/**
 * Whether every key of a non-empty selector has its value among `labels`.
 *
 * @public
 */
export const labelsMatch = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean =>
  Boolean(selector && Object.keys(selector).length > 0) &&
  Object.entries(selector!).every(([key, value]) => labels?.[key] === value);

/** @public */
export interface ServiceSelectorObject {
  metadata: { name: string };
  spec?: { selector?: Record<string, string> };
}

/**
 * The Services that carry a service's traffic in an HTTPRoute: the service
 * itself and the per-version Services whose selector narrows its selector
 * (`web-v1` selecting `app: web, version: v1` for `web` selecting `app: web`).
 *
 * @public
 */
export function backendServicesOf(
  service: ServiceSelectorObject,
  services: ServiceSelectorObject[],
): Set<string> {
  const selector: Record<string, string> = service.spec?.selector ?? {};
  const names = new Set([service.metadata.name]);
  if (Object.keys(selector).length === 0) return names;
  for (const other of services) {
    const narrower: Record<string, string> = other.spec?.selector ?? {};
    if (
      Object.keys(narrower).length > Object.keys(selector).length &&
      labelsMatch(selector, narrower)
    )
      names.add(other.metadata.name);
  }
  return names;
}
