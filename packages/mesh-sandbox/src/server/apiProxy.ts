import { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';
import { RouteHandler } from './http';
import { requestInfo } from './requestInfo';
import { RequestStats } from './stats';

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
]);

const forwardable = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(
    Object.entries(headers).filter(([name]) => !hopByHop.has(name)),
  );

/**
 * Passes every request it gets on to the real kube-apiserver, unchanged
 * (authentication and authorization are the API server's), streaming bodies
 * both ways so watches work; counts resource requests by verb and resource.
 */
export function apiServerProxy(
  target: { url: string; caCertificate: string },
  stats: RequestStats,
): { handler: RouteHandler; close(): void } {
  const agent = new Agent({
    ca: target.caCertificate,
    keepAlive: true,
    maxSockets: 256,
  });
  const upstream = new URL(target.url);
  const handler: RouteHandler = (req, res, url) => {
    const info = requestInfo(req.method ?? 'GET', url);
    if (info) stats.record(info.verb, info.resource);
    return new Promise<boolean>(resolve => {
      let finished = false;
      const forward = request(
        {
          protocol: 'https:',
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: forwardable(req.headers),
          agent,
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
          // Node holds headers back until the first body chunk; a watch with
          // nothing to report would keep its client waiting for them until the
          // next bookmark (a minute), as the API server itself never does.
          res.flushHeaders();
          answer.pipe(res);
          answer.on('end', () => {
            finished = true;
            resolve(true);
          });
          answer.on('error', () => {
            res.destroy();
            resolve(true);
          });
        },
      );
      forward.on('error', error => {
        if (!res.headersSent) {
          res.writeHead(502, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              message: `the local cluster's API server did not answer: ${error.message}`,
              reason: 'ServiceUnavailable',
              code: 502,
            }),
          );
        } else {
          res.destroy();
        }
        resolve(true);
      });
      // A client that goes away mid-answer (a watch it stops) ends the upstream request too.
      res.on('close', () => {
        if (!finished) forward.destroy();
      });
      req.pipe(forward);
    });
  };
  return { handler, close: () => agent.destroy() };
}
