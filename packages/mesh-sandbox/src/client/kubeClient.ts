import { sleep } from '../sleep';
import { Agent, request } from 'node:https';
import { IncomingMessage } from 'node:http';
import { K8sObject } from '../k8s/types';
import { Kind, apiVersionOf, resourcePath } from './kinds';

export interface KubeClientOptions {
  /** The API server, e.g. https://127.0.0.1:6443 */
  url: string;
  /** PEM of the CA that signed the server's certificate. */
  caCertificate: string;
  token: string;
  /** Sent as the User-Agent: what `kubectl get -o yaml` shows as a manager. */
  userAgent?: string;
}

/** The API server's Status body of a failed request, as an Error. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  /** Server-side apply only: take over fields other managers own. */
  force?: boolean;
}

const query = (params: Record<string, string | boolean | undefined>) => {
  const entries = Object.entries(params).filter(
    ([, value]) => value !== undefined && value !== false,
  ) as [string, string | boolean][];
  if (entries.length === 0) return '';
  return `?${entries
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')}`;
};

/**
 * A small client of a real Kubernetes API server over HTTPS: JSON in and out,
 * one keep-alive connection pool, errors as the server's Status. The simulated
 * operators write through it as any operator writes through client-go.
 */
export class KubeClient {
  private readonly agent: Agent;
  private closed = false;

  constructor(readonly options: KubeClientOptions) {
    this.agent = new Agent({
      ca: options.caCertificate,
      keepAlive: true,
      maxSockets: 64,
    });
  }

  /** Sends a request; resolves with the response stream for 2xx, rejects with KubeApiError otherwise. */
  stream(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    accept = 'application/json',
  ): Promise<IncomingMessage> {
    if (this.closed)
      return Promise.reject(
        new Error(
          `${method} ${path}: the client was closed (its sandbox stopped)`,
        ),
      );
    const url = new URL(path, this.options.url);
    const payload =
      body === undefined
        ? undefined
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.options.token}`,
            Accept: accept,
            'User-Agent': this.options.userAgent ?? 'mesh-sandbox',
            ...(payload
              ? {
                  'Content-Type': contentType,
                  'Content-Length': payload.length,
                }
              : {}),
          },
        },
        res => {
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) {
            resolve(res);
            return;
          }
          readText(res).then(
            text => reject(apiError(code, text, `${method} ${url.pathname}`)),
            reject,
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * One request and its JSON answer. A 429 (the API server's "storage is
   * (re)initializing" after a CRD changed, or its rate limits) is retried
   * after the Retry-After it names, as client-go does.
   */
  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.stream(method, path, body, contentType);
        const text = await readText(res);
        return (text ? JSON.parse(text) : undefined) as T;
      } catch (error) {
        if (
          !(error instanceof KubeApiError && error.code === 429) ||
          attempt >= 50
        )
          throw error;
        const seconds = Number(
          (error.body as any)?.details?.retryAfterSeconds ?? 1,
        );
        await sleep(Math.min(seconds, 1) * 200);
      }
    }
  }

  get(kind: Kind, namespace: string | undefined, name: string) {
    return this.request<K8sObject>('GET', resourcePath(kind, namespace, name));
  }

  async tryGet(
    kind: Kind,
    namespace: string | undefined,
    name: string,
  ): Promise<K8sObject | undefined> {
    try {
      return await this.get(kind, namespace, name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  list(
    kind: Kind,
    namespace?: string,
    options: { labelSelector?: string; resourceVersion?: string } = {},
  ) {
    return this.request<{
      metadata: { resourceVersion: string };
      items: K8sObject[];
    }>('GET', resourcePath(kind, namespace) + query(options));
  }

  create(kind: Kind, object: K8sObject, options: WriteOptions = {}) {
    return this.request<K8sObject>(
      'POST',
      resourcePath(kind, object.metadata.namespace) + writeQuery(options),
      withType(kind, object),
    );
  }

  /** Server-side apply of the fields the object sets, as its field manager. */
  apply(kind: Kind, object: K8sObject, options: WriteOptions = {}) {
    const { namespace, name } = object.metadata;
    return this.request<K8sObject>(
      'PATCH',
      resourcePath(kind, namespace, name) +
        writeQuery({ fieldManager: 'mesh-sandbox', ...options }),
      withType(kind, object),
      'application/apply-patch+yaml',
    );
  }

  /** Server-side apply of the status subresource. */
  applyStatus(
    kind: Kind,
    namespace: string | undefined,
    name: string,
    status: unknown,
    options: WriteOptions = {},
  ) {
    return this.request<K8sObject>(
      'PATCH',
      resourcePath(kind, namespace, name, 'status') +
        writeQuery({ fieldManager: 'mesh-sandbox', force: true, ...options }),
      {
        apiVersion: apiVersionOf(kind),
        kind: kind.kind,
        metadata: { name, namespace },
        status,
      },
      'application/apply-patch+yaml',
    );
  }

  mergePatch(
    kind: Kind,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options: WriteOptions & { subresource?: string } = {},
  ) {
    return this.request<K8sObject>(
      'PATCH',
      resourcePath(kind, namespace, name, options.subresource) +
        writeQuery(options),
      patch,
      'application/merge-patch+json',
    );
  }

  jsonPatch(
    kind: Kind,
    namespace: string | undefined,
    name: string,
    operations: unknown[],
    options: WriteOptions = {},
  ) {
    return this.request<K8sObject>(
      'PATCH',
      resourcePath(kind, namespace, name) + writeQuery(options),
      operations,
      'application/json-patch+json',
    );
  }

  async delete(
    kind: Kind,
    namespace: string | undefined,
    name: string,
    options: { propagationPolicy?: 'Foreground' | 'Background' } = {},
  ): Promise<boolean> {
    try {
      await this.request(
        'DELETE',
        resourcePath(kind, namespace, name),
        options.propagationPolicy
          ? { propagationPolicy: options.propagationPolicy }
          : undefined,
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Fails every later request and drops the connections. */
  close() {
    this.closed = true;
    this.agent.destroy();
  }
}

function writeQuery(options: WriteOptions) {
  return query({
    fieldManager: options.fieldManager,
    dryRun: options.dryRun ? 'All' : undefined,
    force: options.force,
  });
}

function withType(kind: Kind, object: K8sObject): K8sObject {
  return { ...object, apiVersion: apiVersionOf(kind), kind: kind.kind };
}

export function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', chunk => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function apiError(code: number, text: string, what: string): KubeApiError {
  try {
    const status = JSON.parse(text);
    return new KubeApiError(
      code,
      status.reason ?? '',
      status.message ?? `${what}: HTTP ${code}`,
      status,
    );
  } catch {
    return new KubeApiError(code, '', `${what}: HTTP ${code} ${text}`, text);
  }
}

export function isNotFound(error: unknown) {
  return error instanceof KubeApiError && error.code === 404;
}

export function isConflict(error: unknown) {
  return error instanceof KubeApiError && error.code === 409;
}
