import http from 'node:http';
import https from 'node:https';
import { TlsOptions, caOf } from './tlsOptions';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpRequestOptions extends TlsOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** Thrown when an upstream cannot be reached in time; the message never carries credentials. */
export class UpstreamError extends Error {}

/** One HTTP(S) request with a timeout and the endpoint's own CA. */
export function httpRequest(
  url: string,
  options: HttpRequestOptions,
): Promise<HttpResponse> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  let ca: string | undefined;
  try {
    ca = target.protocol === 'https:' ? caOf(options) : undefined;
  } catch (error) {
    return Promise.reject(
      new UpstreamError(
        `cannot read the CA file for ${target.host}: ${
          (error as any).code ?? (error as Error).message
        }`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(target.protocol === 'https:'
          ? { ca, rejectUnauthorized: !options.skipTLSVerify }
          : {}),
        timeout: options.timeoutMs,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new UpstreamError(
          `no answer from ${target.host} within ${options.timeoutMs} ms`,
        ),
      ),
    );
    req.on('error', error =>
      reject(
        error instanceof UpstreamError
          ? error
          : new UpstreamError(
              `${target.host}: ${(error as any).code ?? error.message}`,
            ),
      ),
    );
    if (options.body) req.write(options.body);
    req.end();
  });
}
