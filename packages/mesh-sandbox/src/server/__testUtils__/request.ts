import { request } from 'node:https';
import { Sandbox } from '../../sandbox';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: any;
}

/** One HTTPS request to a sandbox with exactly the given token and headers. */
export function rawRequest(
  sandbox: Sandbox,
  path: string,
  options: {
    method?: string;
    /** A bearer token; none is sent when null. Defaults to the admin token. */
    token?: string | null;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<RawResponse> {
  const token =
    options.token === undefined ? sandbox.tokens.admin : options.token;
  const body =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${sandbox.url}${path}`,
      {
        method: options.method ?? 'GET',
        ca: sandbox.caCertificate,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
