import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MeshActionOptions } from '../cluster/session';

/**
 * The catalog actions need the catalog, and the plugin's own credentials to write to it.
 *
 * @public
 */
export interface CatalogActionOptions extends MeshActionOptions {
  catalog?: CatalogService;
  auth?: AuthService;
}

/** The catalog and auth services, or an error saying the module was set up without them. */
export function requireCatalog(options: CatalogActionOptions) {
  if (!options.catalog || !options.auth) {
    throw new Error(
      'the service mesh scaffolder module was created without the catalog and auth services',
    );
  }
  return { catalog: options.catalog, auth: options.auth };
}
