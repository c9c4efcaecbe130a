import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readMeshSettings } from './config/meshSettings';
import {
  MeshWriteAuthorizer,
  readClusters,
} from '@service-mesh/plugin-service-mesh-node';
import { MeshStatusService } from './service/meshStatusService';
import { createRouter } from './service/router';
import { registerStatusAction } from './service/statusAction';
import { registerTrafficAction } from './service/trafficAction';
import { TrafficGraphService } from './service/trafficGraphs';

/**
 * The `service-mesh` backend plugin under /api/service-mesh:
 * `GET /entities/:kind/:namespace/:name/status`, `.../request-rates`,
 * `.../traffic-graph` and `POST .../traffic`, and the actions
 * `get-service-mesh-status` and `shift-service-mesh-traffic`.
 *
 * @public
 */
export const serviceMeshPlugin = createBackendPlugin({
  pluginId: 'service-mesh',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        auditor,
        catalog,
        actionsRegistry,
        lifecycle,
      }) {
        const clusters = readClusters(config);
        const settings = readMeshSettings(config);
        const statusService = new MeshStatusService({
          catalog,
          clusters,
          settings,
          logger,
        });
        // Watches and polls stop with the backend.
        lifecycle.addShutdownHook(() => statusService.stop());
        const graphService = new TrafficGraphService({
          statusService,
          logger,
          cacheTtlMs: settings.cacheTtlMs,
        });
        const authorizer = new MeshWriteAuthorizer({
          catalog,
          permissions,
          auth,
          auditor,
        });
        httpRouter.use(
          createRouter({
            statusService,
            graphService,
            clusters,
            httpAuth,
            permissions,
            authorizer,
            logger,
          }),
        );
        registerStatusAction({ actionsRegistry, statusService, permissions });
        registerTrafficAction({
          actionsRegistry,
          statusService,
          clusters,
          authorizer,
        });
      },
    });
  },
});
