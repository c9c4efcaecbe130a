import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ServiceMeshPolicy } from './serviceMeshPolicy';

/** Installs the portal's permission policy (see ServiceMeshPolicy). */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'service-mesh-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new ServiceMeshPolicy(
            config.getOptionalStringArray(
              'permission.serviceMeshPolicy.admins',
            ) ?? [],
          ),
        );
      },
    });
  },
});
