import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createPermissionIntegrationRouter } from '@backstage/plugin-permission-node';
import {
  serviceMeshPermissions,
  serviceMeshStatusReadPermission,
  serviceMeshTrafficUpdatePermission,
} from '@service-mesh/plugin-service-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import { kubeConfigFor } from '@service-mesh/plugin-service-mesh-node';
import {
  findCluster,
  ClusterConnection,
} from '@service-mesh/plugin-service-mesh-node';
import { toBackstageError } from '../kubernetes/kubeErrors';
import { applyRouteWeights } from '../kubernetes/trafficWriter';
import { MeshStatusService } from './meshStatusService';
import { parseMinutes, requestRatesOf } from './requestRates';
import { parseGraphWindow, TrafficGraphService } from './trafficGraphs';
import { parseTrafficShift, routeToShift } from './trafficShift';

export interface RouterOptions {
  statusService: MeshStatusService;
  graphService: TrafficGraphService;
  clusters: ClusterConnection[];
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
}

export function createRouter(options: RouterOptions): express.Router {
  const { statusService, httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  router.use(
    createPermissionIntegrationRouter({ permissions: serviceMeshPermissions }),
  );

  const refOf = (params: Record<string, string>) => ({
    kind: params.kind,
    namespace: params.namespace,
    name: params.name,
  });

  async function authorize(
    permission: typeof serviceMeshStatusReadPermission,
    entityRef: string,
    credentials: Awaited<ReturnType<typeof httpAuth.credentials>>,
    what: string,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`you may not ${what} of ${entityRef}`);
    }
  }

  router.get('/entities/:kind/:namespace/:name/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const ref = refOf(req.params);
    await authorize(
      serviceMeshStatusReadPermission,
      stringifyEntityRef(ref),
      credentials,
      'read the mesh status',
    );
    res.json(await statusService.getStatus(ref, credentials));
  });

  router.get(
    '/entities/:kind/:namespace/:name/request-rates',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const ref = refOf(req.params);
      const minutes = parseMinutes(req.query.minutes);
      await authorize(
        serviceMeshStatusReadPermission,
        stringifyEntityRef(ref),
        credentials,
        'read the request rates',
      );
      res.json(
        await requestRatesOf({
          statusService,
          logger: options.logger,
          ref,
          credentials,
          minutes,
        }),
      );
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/traffic-graph',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const ref = refOf(req.params);
      const window = parseGraphWindow(req.query.window);
      await authorize(
        serviceMeshStatusReadPermission,
        stringifyEntityRef(ref),
        credentials,
        'read the traffic graph',
      );
      res.json(await options.graphService.graphOf(ref, credentials, window));
    },
  );

  router.post('/entities/:kind/:namespace/:name/traffic', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const ref = refOf(req.params);
    const entityRef = stringifyEntityRef(ref);
    const scope = await statusService.scopeOf(ref, credentials);
    await authorize(
      serviceMeshTrafficUpdatePermission,
      entityRef,
      credentials,
      'change the traffic',
    );
    const request = parseTrafficShift(req.body);
    statusService.invalidate(scope.cluster, scope.namespace);
    const before = await statusService.statusInScope(scope);
    const { route, previous } = routeToShift(before, request);
    const audit = await auditor.createEvent({
      eventId: 'traffic-shift',
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRef,
        cluster: scope.cluster,
        namespace: route.namespace,
        service: request.service,
        virtualService: route.virtualService,
        from: previous,
        to: request.weights,
      },
    });
    try {
      await applyRouteWeights({
        kc: kubeConfigFor(findCluster(options.clusters, scope.cluster)),
        namespace: route.namespace,
        virtualService: route.virtualService,
        httpRouteIndex: route.httpRouteIndex,
        weights: request.weights,
      });
      await audit.success();
    } catch (error) {
      const failure = toBackstageError(
        error,
        `updating VirtualService ${route.virtualService}`,
      );
      await audit.fail({ error: failure });
      throw failure;
    }
    statusService.invalidate(scope.cluster, scope.namespace);
    res.json(await statusService.statusInScope(scope));
  });

  return router;
}
