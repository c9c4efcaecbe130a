import { request } from 'node:https';
import { Sandbox } from '../../sandbox';

export interface SandboxResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

/** An HTTPS request to the sandbox, trusting its CA. */
export function sandboxRequest(
  sandbox: Sandbox,
  path: string,
  options: {
    method?: string;
    token?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<SandboxResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined)
    headers['Content-Length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, sandbox.url),
      { method: options.method ?? 'GET', headers, ca: sandbox.caCertificate },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** GET as the sandbox's read-write token, expecting JSON. */
export async function getJson(sandbox: Sandbox, path: string): Promise<any> {
  const response = await sandboxRequest(sandbox, path, {
    token: sandbox.tokens.write,
  });
  if (response.status !== 200)
    throw new Error(`GET ${path}: ${response.status} ${response.text}`);
  return response.json();
}
