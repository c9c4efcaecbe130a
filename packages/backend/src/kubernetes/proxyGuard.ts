import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, serializeError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import express from 'express';

/**
 * What the Kubernetes plugin's proxy cannot tell a policy: a request through
 * /api/kubernetes/proxy that writes (any method but GET, HEAD and OPTIONS; exec,
 * attach, port-forward and proxy subresources) or reads Secrets, with the
 * cluster credentials of the portal.
 */
export const kubernetesProxyUnsafePermission = createPermission({
  name: 'portal.kubernetes.proxy.unsafe',
  attributes: { action: 'update' },
});

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UNSAFE_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

/** Whether a proxied Kubernetes API path and method write or read Secrets. */
export function isUnsafeProxyRequest(method: string, path: string): boolean {
  if (!READ_METHODS.has(method.toUpperCase())) return true;
  let segments: string[];
  try {
    // the API server decodes the path, so decode it as it will
    segments = path
      .split('?')[0]
      .split('/')
      .map(segment => decodeURIComponent(segment).toLocaleLowerCase('en-US'));
  } catch {
    return true;
  }
  if (segments.some(s => s === '..' || s === '.' || s.includes('/'))) {
    return true;
  }
  if (segments.includes('secrets')) return true;
  return segments.some(s => UNSAFE_SUBRESOURCES.has(s));
}

/**
 * Middleware in front of the Kubernetes plugin's routes (installed by a module
 * of the kubernetes plugin, which initialises before the plugin): unsafe proxy
 * requests need kubernetesProxyUnsafePermission; everything else, including
 * what the stock Kubernetes tab reads, passes to the plugin unchanged.
 */
export function createProxyGuard(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const router = express.Router();
  router.use('/proxy', async (req, res, next) => {
    try {
      if (!isUnsafeProxyRequest(req.method, req.path)) {
        next();
        return;
      }
      const credentials = await options.httpAuth.credentials(req);
      const [decision] = await options.permissions.authorize(
        [{ permission: kubernetesProxyUnsafePermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.ALLOW) {
        next();
        return;
      }
      res.status(403).json({
        error: serializeError(
          new NotAllowedError(
            `${req.method} ${req.path} through the Kubernetes proxy writes or reads Secrets with the portal's credentials; only admins may (${kubernetesProxyUnsafePermission.name})`,
          ),
        ),
      });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
