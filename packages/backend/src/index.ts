import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// meshed namespaces that the template registers (plugins/catalog-backend-module-service-mesh)
backend.add(import('@service-mesh/plugin-catalog-backend-module-service-mesh'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
// task workspaces kept in the scaffolder's database, for scaffolder.taskRecovery
backend.add(import('./scaffolder'));
// the service mesh template actions (plugins/scaffolder-backend-module-service-mesh)
backend.add(
  import('@service-mesh/plugin-scaffolder-backend-module-service-mesh'),
);

backend.add(import('@backstage/plugin-kubernetes-backend'));
// writes and Secrets through the Kubernetes proxy only for admins (see permissions)
backend.add(import('./kubernetes'));

// the mesh status of entities and traffic shifting (plugins/service-mesh-backend)
backend.add(import('@service-mesh/plugin-service-mesh-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// owners change their meshes, admins everything (permission.serviceMeshPolicy.admins)
backend.add(import('./permissions'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));

// user settings and the storage API in the app rely on signals for live updates
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
