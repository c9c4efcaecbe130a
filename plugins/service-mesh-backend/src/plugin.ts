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
import { registerRolloutActions } from './service/rolloutActions';
import { RolloutRunner } from './rollout/rolloutRunner';

/**
 * The `service-mesh` backend plugin under /api/service-mesh:
 * `GET /entities/:kind/:namespace/:name/status`, `.../request-rates`,
 * `.../traffic-graph`, `POST .../traffic`, `POST .../rollouts` and
 * `POST .../rollouts/:service/:action`; the actions `get-service-mesh-status`,
 * `shift-service-mesh-traffic`, `get-service-mesh-rollout`,
 * `start-service-mesh-rollout` and `control-service-mesh-rollout`; and the
 * scheduled task that steps rollouts.
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
        scheduler: coreServices.scheduler,
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
        scheduler,
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
        const rollouts = settings.rollouts.enabled
          ? {
              statusService,
              clusters,
              authorizer,
              hasPrometheus: (cluster: string) =>
                Boolean(settings.clusters.get(cluster)?.prometheus),
            }
          : undefined;
        httpRouter.use(
          createRouter({
            statusService,
            graphService,
            clusters,
            httpAuth,
            permissions,
            authorizer,
            logger,
            rollouts,
          }),
        );
        if (rollouts) {
          const runner = new RolloutRunner({
            clusters,
            prometheusOf: cluster =>
              statusService.clientsFor(cluster).prometheus,
            logger: logger.child({ task: 'service-mesh-rollouts' }),
            auditor,
          });
          // Global scope: one replica at a time runs it, through the database's lock.
          // The timeout bounds how long a replica that died mid-pass holds that lock.
          await scheduler.scheduleTask({
            id: 'service-mesh-rollouts',
            scope: 'global',
            frequency: { seconds: settings.rollouts.checkFrequencySeconds },
            timeout: { seconds: 30 },
            initialDelay: { seconds: 1 },
            fn: async () => {
              await runner.tick();
            },
          });
          registerRolloutActions({ actionsRegistry, permissions, rollouts });
        }
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
