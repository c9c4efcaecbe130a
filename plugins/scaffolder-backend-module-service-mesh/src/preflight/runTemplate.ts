import { CatalogActionOptions } from '../actions/catalogLocations';
import { TemplateDocument } from '../templates/templateSteps';

/** What an action's context says about the template it runs in. */
interface TemplateInfo {
  entityRef?: string;
  entity?: { metadata?: { name?: string; namespace?: string } };
}

/**
 * The Template entity of the running task, from the catalog: by the task's
 * template ref, or, for a dry run (whose ref is `template:default/dry-run`),
 * by the name in the dry-run template's metadata. Undefined when the catalog
 * has neither.
 */
export async function runTemplate(
  options: CatalogActionOptions,
  info: TemplateInfo | undefined,
): Promise<TemplateDocument | undefined> {
  if (!options.catalog || !options.auth || !info) return undefined;
  const metadata = info.entity?.metadata;
  const refs = [
    info.entityRef,
    metadata?.name
      ? `template:${metadata.namespace ?? 'default'}/${metadata.name}`
      : undefined,
  ].filter((ref): ref is string => Boolean(ref));
  const credentials = await options.auth.getOwnServiceCredentials();
  for (const ref of refs) {
    const entity = await options.catalog.getEntityByRef(ref, { credentials });
    if (entity?.kind === 'Template' && Array.isArray(entity.spec?.steps)) {
      return entity as unknown as TemplateDocument;
    }
  }
  return undefined;
}
