import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { MeshWriteAuthorizer } from '@service-mesh/plugin-service-mesh-node';
import { createServiceMeshActions } from './actions';

/**
 * The service mesh template actions, for the scaffolder.
 *
 * @public
 */
export const scaffolderModuleServiceMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'service-mesh',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
      },
      async init({ scaffolder, config, catalog, permissions, auth, auditor }) {
        const authorizer = new MeshWriteAuthorizer({
          catalog,
          permissions,
          auth,
          auditor,
        });
        scaffolder.addActions(
          ...createServiceMeshActions({ config, catalog, auth, authorizer }),
        );
      },
    });
  },
});
