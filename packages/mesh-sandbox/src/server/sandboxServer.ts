import { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { MutatingWebhook } from '../context';
import { apiServerProxy } from './apiProxy';
import { SandboxTokens, callerOf } from './auth';
import { ServingCertificate } from './certificate';
import { FaultInjector, FaultRuleError } from './faults';
import { RouteHandler, readBody, sendJson } from './http';
import { RequestStats } from './stats';
import { webhookHandler } from './webhooks';

export interface SandboxServerOptions {
  apiServer: { url: string; caCertificate: string };
  tokens: SandboxTokens;
  stats: RequestStats;
  faults: FaultInjector;
  /** Handlers tried before the Kubernetes API (Kiali, metrics, route probes). */
  handlers: RouteHandler[];
  webhooks: () => MutatingWebhook[];
}

const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

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
      sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
      return true;
    }
    if (url.pathname === '/_sandbox/stats') {
      if (req.method === 'DELETE') options.stats.reset();
      sendJson(res, 200, options.stats.snapshot());
      return true;
    }
    if (req.method === 'POST') {
      try {
        sendJson(res, 201, options.faults.add(JSON.parse(await readBody(req))));
      } catch (error) {
        const message =
          error instanceof FaultRuleError || error instanceof SyntaxError
            ? error.message
            : String(error);
        sendJson(res, 400, status(400, 'BadRequest', message));
      }
      return true;
    }
    if (req.method === 'DELETE') options.faults.clear();
    sendJson(res, 200, { faults: options.faults.list() });
    return true;
  };
}

/**
 * The sandbox's HTTPS port: its own endpoints (control, webhooks, Kiali,
 * metrics, route probes) and, for every other path, the real API server
 * behind a proxy that counts requests and applies injected faults.
 */
export async function startHttpsServer(
  options: SandboxServerOptions,
  certificate: ServingCertificate,
  port: number,
  host = '127.0.0.1',
): Promise<{ server: Server; closeProxy: () => void }> {
  const control = controlHandler(options);
  const webhooks = webhookHandler(options.webhooks);
  const proxy = apiServerProxy(options.apiServer, options.stats);
  // Read per request: controllers add their handlers after the server starts.
  const handlers = (): RouteHandler[] => [
    control,
    webhooks,
    ...options.handlers,
    proxy.handler,
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
          !url.pathname.startsWith('/_sandbox/') &&
          (await options.faults.apply(req, res))
        )
          return;
        for (const handler of handlers()) {
          if (await handler(req, res, url)) return;
        }
      } catch (error) {
        if (!res.headersSent)
          sendJson(
            res,
            500,
            status(500, 'InternalError', (error as Error).message),
          );
        else res.end();
      }
    },
  );
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, closeProxy: proxy.close };
}

export const serverPort = (server: Server) =>
  (server.address() as AddressInfo).port;
