import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderWorkspaceProviderExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { DatabaseWorkspaceProvider } from './databaseWorkspaceProvider';

/**
 * The workspace provider `database` of the scaffolder: task workspaces kept in
 * the scaffolder's database, so that `scaffolder.taskRecovery` can resume a
 * task whose backend died after a step had fetched files (see the README).
 */
export default createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'portal-workspace-database',
  register(reg) {
    reg.registerInit({
      deps: {
        workspaces: scaffolderWorkspaceProviderExtensionPoint,
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ workspaces, database, logger }) {
        workspaces.addProviders({
          database: await DatabaseWorkspaceProvider.create({
            database,
            logger,
          }),
        });
      },
    });
  },
});
