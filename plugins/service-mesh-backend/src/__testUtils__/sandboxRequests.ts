import { request as httpsRequest } from 'node:https';
import { Sandbox } from '@internal/mesh-sandbox';

/** A request to the sandbox's own HTTPS port, trusting its CA. */
export function sandboxRequest(
  sandbox: Sandbox,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${sandbox.url}${path}`,
      {
        method,
        ca: sandbox.caCertificate,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * Polls until `read` gives a value that is `done`, retrying errors (Prometheus
 * answers only once it has started); at the deadline, the last value or error.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  seconds: number,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const value = await read();
      if (done(value) || Date.now() >= deadline) return value;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

