import * as k8s from '@kubernetes/client-node';
import { IncomingMessage } from 'node:http';
import { Agent, request, RequestOptions } from 'node:https';

/** A refusal or failure of the API server: its HTTP status and the Status message. */
export class KubeHttpError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

/** The resource of a kind as the API names it, and its path. */
export interface KindSpec {
  /** `''` for the core group. */
  group: string;
  version: string;
  plural: string;
}

export function collectionPath(
  kind: KindSpec,
  namespace: string | undefined,
): string {
  const base = kind.group
    ? `/apis/${kind.group}/${kind.version}`
    : `/api/${kind.version}`;
  return namespace
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`
    : `${base}/${kind.plural}`;
}

/**
 * GETs and watch streams to one cluster over node:https, with the
 * credentials and CA of its KubeConfig (as the rest of the backend uses
 * them) and one keep-alive agent.
 */
export class KubeTransport {
  private options?: Promise<{ base: URL; opts: RequestOptions }>;
  private agent?: Agent;

  constructor(private readonly kc: k8s.KubeConfig) {}

  private async requestOptions() {
    if (!this.options) {
      this.options = (async () => {
        const cluster = this.kc.getCurrentCluster();
        if (!cluster) throw new Error('the KubeConfig has no current cluster');
        const opts: RequestOptions = { headers: {} };
        await this.kc.applyToHTTPSOptions(opts);
        this.agent = new Agent({
          ca: opts.ca,
          cert: opts.cert,
          key: opts.key,
          rejectUnauthorized: opts.rejectUnauthorized,
          servername: opts.servername,
          keepAlive: true,
          maxSockets: 256,
        });
        return {
          base: new URL(cluster.server),
          opts: { headers: opts.headers, agent: this.agent },
        };
      })();
    }
    return this.options;
  }

  /** Opens `path`; resolves with the response for a 2xx, rejects with KubeHttpError otherwise. */
  async open(
    path: string,
    onRequest?: (abort: () => void) => void,
  ): Promise<IncomingMessage> {
    const { base, opts } = await this.requestOptions();
    const url = new URL(path, base);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          ...opts,
          method: 'GET',
          headers: { ...opts.headers, Accept: 'application/json' },
        },
        res => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve(res);
            return;
          }
          readBody(res).then(
            text =>
              reject(new KubeHttpError(status, statusMessage(status, text))),
            reject,
          );
        },
      );
      onRequest?.(() => req.destroy());
      req.on('error', reject);
      req.end();
    });
  }

  /** A GET and its JSON answer. */
  async get<T = any>(path: string, timeoutMs?: number): Promise<T> {
    let abort: (() => void) | undefined;
    const timer = timeoutMs
      ? setTimeout(() => abort?.(), timeoutMs)
      : undefined;
    try {
      const res = await this.open(path, a => {
        abort = a;
      });
      return JSON.parse(await readBody(res)) as T;
    } catch (error) {
      if (timeoutMs && (error as any)?.code === 'ECONNRESET')
        throw new Error(
          `the Kubernetes API did not answer within ${timeoutMs} ms`,
        );
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  close() {
    this.agent?.destroy();
  }
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', chunk => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function statusMessage(code: number, text: string): string {
  try {
    const status = JSON.parse(text);
    if (status?.message) return `HTTP ${code}: ${status.message}`;
  } catch {
    // not a Status body
  }
  return `HTTP ${code}${text ? `: ${text.slice(0, 200)}` : ''}`;
}
