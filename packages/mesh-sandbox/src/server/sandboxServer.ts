import { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import { ServingCertificate } from './certificate';
import { AddressInfo } from 'node:net';
import { unauthorized, unknownPath, badRequest } from '../k8s/errors';
import { ObjectApi } from '../k8s/objectApi';
import { SandboxTokens, callerOf } from './auth';
import { FaultInjector } from './faults';
import {
  RouteHandler,
  readBody,
  sendError,
  sendJson,
  sendStatus,
} from './http';
import { kubernetesApiHandler } from './kubernetesApi';
import { RequestStats } from './stats';

export interface SandboxServerOptions {
  api: ObjectApi;
  tokens: SandboxTokens;
  stats: RequestStats;
  faults: FaultInjector;
  /** Handlers tried before the Kubernetes API (Kiali, metrics, route probes). */
  handlers: RouteHandler[];
}

/** `/_sandbox/stats` and `/_sandbox/faults`: admin-token control endpoints. */
function controlHandler(options: SandboxServerOptions): RouteHandler {
  return async (req, res, url) => {
    if (
      url.pathname !== '/_sandbox/stats' &&
      url.pathname !== '/_sandbox/faults'
    )
      return false;
    const caller = callerOf(req, options.tokens);
    if (caller?.access !== 'admin') {
      sendStatus(res, unauthorized().status);
      return true;
    }
    if (url.pathname === '/_sandbox/stats') {
      if (req.method === 'DELETE') options.stats.reset();
      sendJson(res, 200, options.stats.snapshot());
      return true;
    }
    if (req.method === 'POST') {
      const text = await readBody(req);
      let rule: unknown;
      try {
        rule = JSON.parse(text);
      } catch {
        throw badRequest('the fault must be a JSON object');
      }
      sendJson(res, 201, options.faults.add(rule as any));
      return true;
    }
    if (req.method === 'DELETE') options.faults.clear();
    sendJson(res, 200, { faults: options.faults.list() });
    return true;
  };
}

export async function startHttpsServer(
  options: SandboxServerOptions,
  certificate: ServingCertificate,
  port: number,
  host = '127.0.0.1',
): Promise<Server> {
  const control = controlHandler(options);
  const kubernetesApi = kubernetesApiHandler(
    options.api,
    options.tokens,
    options.stats,
  );
  // Read per request: controllers add their handlers after the server starts.
  const handlers = (): RouteHandler[] => [
    control,
    ...options.handlers,
    kubernetesApi,
  ];
  const server = createServer(
    certificate,
    async (req: IncomingMessage, res: ServerResponse) => {
      try {
        const url = new URL(
          req.url ?? '/',
          `http://${req.headers.host ?? host}`,
        );
        if (
          !url.pathname.startsWith('/_sandbox/faults') &&
          (await options.faults.apply(req, res))
        )
          return;
        for (const handler of handlers()) {
          if (await handler(req, res, url)) return;
        }
        sendStatus(res, unknownPath().status);
      } catch (error) {
        if (!res.headersSent) sendError(res, error);
        else res.end();
      }
    },
  );
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export const serverPort = (server: Server) =>
  (server.address() as AddressInfo).port;
