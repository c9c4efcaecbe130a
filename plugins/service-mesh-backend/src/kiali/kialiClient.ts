import { KialiHealth } from '@service-mesh/plugin-service-mesh-common';
import { HttpResponse, UpstreamError, httpRequest } from '../http/httpRequest';
import { TlsOptions } from '../http/tlsOptions';
import { healthFromRequests } from './kialiHealth';

export type KialiStrategy = 'openshift' | 'token' | 'anonymous';

export interface KialiSettings {
  url: string;
  strategy: KialiStrategy;
  /** The token sent as Bearer (openshift) or used to log in (token); never logged. */
  token?: string;
  tls: TlsOptions;
  timeoutMs: number;
  /** The rate interval of health queries, e.g. `1m`. */
  rateInterval: string;
}

interface Session {
  cookie: string;
  expiresAt: number;
}

const VERSION_TTL_MS = 10 * 60 * 1000;

/** `v1.73.4` -> [1, 73]; undefined when unreadable. */
export function parseKialiVersion(
  text: string | undefined,
): [number, number] | undefined {
  const match = text?.match(/v?(\d+)\.(\d+)/);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * Kiali's REST API for the status: one health call per namespace, the version
 * probed once (Kiali 1.82+ moved per-namespace endpoints under /api/clusters),
 * and, for the token strategy, a login cookie reused until it expires.
 */
export class KialiClient {
  private session?: Session;
  private version?: {
    value: Promise<[number, number] | undefined>;
    at: number;
  };

  constructor(readonly settings: KialiSettings) {}

  /** Health of every service of a namespace, by service name. */
  async serviceHealth(namespace: string): Promise<Record<string, KialiHealth>> {
    const version = await this.kialiVersion();
    const clustersApi =
      version !== undefined && (version[0] > 1 || version[1] >= 82);
    const query = `type=service&rateInterval=${encodeURIComponent(
      this.settings.rateInterval,
    )}`;
    const body = clustersApi
      ? await this.getJson(
          `/api/clusters/health?namespaces=${encodeURIComponent(
            namespace,
          )}&${query}`,
        )
      : await this.getJson(
          `/api/namespaces/${encodeURIComponent(namespace)}/health?${query}`,
        );
    const byService: Record<string, any> = clustersApi
      ? body?.namespaceServiceHealth?.[namespace] ?? {}
      : body ?? {};
    const result: Record<string, KialiHealth> = {};
    for (const [service, health] of Object.entries(byService)) {
      result[service] = healthFromRequests(health?.requests?.inbound);
    }
    return result;
  }

  /**
   * Kiali's workload graph of a namespace over the last `durationSeconds`
   * (its cytoscape JSON), with the mTLS share of each edge.
   */
  async workloadGraph(namespace: string, durationSeconds: number) {
    const query = new URLSearchParams({
      namespaces: namespace,
      graphType: 'workload',
      duration: `${durationSeconds}s`,
      injectServiceNodes: 'false',
      appenders: 'securityPolicy',
    });
    return this.getJson(`/api/namespaces/graph?${query}`);
  }

  private kialiVersion(): Promise<[number, number] | undefined> {
    if (!this.version || Date.now() - this.version.at > VERSION_TTL_MS) {
      const value = this.getJson('/api/status').then(status =>
        parseKialiVersion(status?.status?.['Kiali version']),
      );
      value.catch(() => {
        this.version = undefined;
      });
      this.version = { value, at: Date.now() };
    }
    return this.version.value;
  }

  private async getJson(path: string): Promise<any> {
    let response = await this.send(path);
    if (response.status === 401 && this.settings.strategy === 'token') {
      this.session = undefined;
      response = await this.send(path);
    }
    if (response.status !== 200) {
      throw new UpstreamError(
        `Kiali answered HTTP ${response.status} for ${path.split('?')[0]}`,
      );
    }
    try {
      return JSON.parse(response.body);
    } catch {
      throw new UpstreamError(
        `Kiali answered ${path.split('?')[0]} with a body that is not JSON`,
      );
    }
  }

  private async send(path: string): Promise<HttpResponse> {
    return httpRequest(`${this.settings.url.replace(/\/+$/, '')}${path}`, {
      headers: { Accept: 'application/json', ...(await this.authHeaders()) },
      ...this.settings.tls,
      timeoutMs: this.settings.timeoutMs,
    });
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const { strategy, token } = this.settings;
    if (strategy === 'anonymous') return {};
    if (!token)
      throw new UpstreamError(
        `Kiali's ${strategy} strategy needs serviceMesh.clusters[].kiali.token`,
      );
    if (strategy === 'openshift') return { Authorization: `Bearer ${token}` };
    if (!this.session || this.session.expiresAt <= Date.now())
      this.session = await this.login(token);
    return { Cookie: this.session.cookie };
  }

  private async login(token: string): Promise<Session> {
    const response = await httpRequest(
      `${this.settings.url.replace(/\/+$/, '')}/api/authenticate`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: `token=${encodeURIComponent(token)}`,
        ...this.settings.tls,
        timeoutMs: this.settings.timeoutMs,
      },
    );
    if (response.status !== 200) {
      throw new UpstreamError(
        `Kiali refused the token login with HTTP ${response.status}`,
      );
    }
    const setCookie = response.headers['set-cookie'] ?? [];
    const cookie = setCookie.map(c => c.split(';')[0]).join('; ');
    if (!cookie)
      throw new UpstreamError(
        'Kiali accepted the token login but set no session cookie',
      );
    let expiresAt = Date.now() + 5 * 60 * 1000;
    try {
      const parsed = Date.parse(JSON.parse(response.body)?.expiresOn);
      if (Number.isFinite(parsed)) expiresAt = parsed - 30_000;
    } catch {
      // keep the default lifetime
    }
    return { cookie, expiresAt };
  }
}
