import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createPermissionIntegrationRouter } from '@backstage/plugin-permission-node';
import {
  serviceMeshAdminPermission,
  serviceMeshPermissions,
  serviceMeshStatusReadPermission,
} from '@service-mesh/plugin-service-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import {
  ClusterConnection,
  MeshWriteAuthorizer,
} from '@service-mesh/plugin-service-mesh-node';
import { MeshStatusService } from './meshStatusService';
import { parseMinutes, requestRatesOf } from './requestRates';
import { parseGraphWindow, TrafficGraphService } from './trafficGraphs';
import { shiftTraffic } from './shiftTraffic';
import {
  controlEntityRollout,
  EntityRolloutDeps,
  startEntityRollout,
} from './entityRollouts';

export interface RouterOptions {
  statusService: MeshStatusService;
  graphService: TrafficGraphService;
  clusters: ClusterConnection[];
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The one rule for writes to a namespace; it audits every attempt. */
  authorizer: MeshWriteAuthorizer;
  /** Starting and controlling rollouts; absent when `serviceMesh.rollouts.enabled` is false. */
  rollouts?: EntityRolloutDeps;
  logger: LoggerService;
}

function parseSinceVersion(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const version = Number(value);
  if (
    typeof value !== 'string' ||
    !/^\d+$/.test(value) ||
    !Number.isSafeInteger(version)
  )
    throw new InputError(
      `sinceVersion must be the version of an earlier status (a whole number), got ${JSON.stringify(
        value,
      )}`,
    );
  return version;
}

export function createRouter(options: RouterOptions): express.Router {
  const { statusService, httpAuth, permissions } = options;
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
    const sinceVersion = parseSinceVersion(req.query.sinceVersion);
    const scope = await statusService.scopeOf(ref, credentials);
    // A long poll ends early when the viewer goes away.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const document = await statusService.statusDocument(scope, {
      sinceVersion,
      signal: gone.signal,
    });
    if (gone.signal.aborted) return;
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/json').send(document.json);
  });

  // What the watch caches hold per cluster (objects, informers, relists) and the polls in
  // progress: for other backends, and for users with servicemesh.admin (it names namespaces).
  router.get('/watch/diagnostics', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (credentials.principal.type === 'user') {
      const [decision] = await permissions.authorize(
        [{ permission: serviceMeshAdminPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW)
        throw new NotAllowedError(
          'you may not read the watch diagnostics (servicemesh.admin)',
        );
    }
    res.json(statusService.watchDiagnostics());
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
    res.json(
      await shiftTraffic({
        ...options,
        credentials,
        ref: refOf(req.params),
        body: req.body,
        via: 'POST /api/service-mesh/entities/:kind/:namespace/:name/traffic',
        request: req,
      }),
    );
  });

  const rolloutsOf = () => {
    if (!options.rollouts)
      throw new NotAllowedError(
        'rollouts are turned off in this portal (serviceMesh.rollouts.enabled)',
      );
    return options.rollouts;
  };

  router.post('/entities/:kind/:namespace/:name/rollouts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const status = await startEntityRollout(rolloutsOf(), {
      credentials,
      ref: refOf(req.params),
      body: req.body,
      via: 'POST /api/service-mesh/entities/:kind/:namespace/:name/rollouts',
      request: req,
    });
    res.status(201).json(status);
  });

  router.post(
    '/entities/:kind/:namespace/:name/rollouts/:service/:action',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(
        await controlEntityRollout(rolloutsOf(), {
          credentials,
          ref: refOf(req.params),
          service: req.params.service,
          action: req.params.action,
          via: 'POST /api/service-mesh/entities/:kind/:namespace/:name/rollouts/:service/:action',
          request: req,
        }),
      );
    },
  );

  return router;
}
