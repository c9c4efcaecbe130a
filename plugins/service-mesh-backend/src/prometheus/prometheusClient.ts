import { UpstreamError, httpRequest } from '../http/httpRequest';
import { TlsOptions } from '../http/tlsOptions';

export interface PrometheusSettings {
  url: string;
  /** Extra headers, e.g. Authorization for an oauth-proxy; never logged. */
  headers: Record<string, string>;
  tls: TlsOptions;
  /** The rate window, e.g. `1m` (at least four scrape intervals). */
  window: string;
  timeoutMs: number;
  /**
   * A tenancy endpoint (OpenShift's Thanos querier on port 9092): every query
   * carries the namespace it is about as the `namespace` URL parameter, and
   * sees only that namespace's series.
   */
  tenancy?: boolean;
  /** Where the settings came from, to name in errors, e.g. `serviceMesh.clusters[local].prometheus`. */
  configKey?: string;
}

/** What a query is about: the namespace a tenancy endpoint restricts it to. */
export interface QueryScope {
  namespace?: string;
}

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface RangeSeries {
  metric: Record<string, string>;
  points: [number, number][];
}

/** Instant and range queries against the Prometheus HTTP API. */
export class PrometheusClient {
  constructor(readonly settings: PrometheusSettings) {}

  /** An instant query: one value per series. */
  async query(promql: string, scope: QueryScope = {}): Promise<Sample[]> {
    const result = await this.get('query', { query: promql }, scope);
    return result
      .map(r => ({ metric: r.metric ?? {}, value: Number(r.value?.[1]) }))
      .filter(s => Number.isFinite(s.value));
  }

  /** A range query: each series' [unix seconds, value] points from start to end. */
  async queryRange(
    promql: string,
    range: { start: number; end: number; stepSeconds: number },
    scope: QueryScope = {},
  ): Promise<RangeSeries[]> {
    const result = await this.get(
      'query_range',
      {
        query: promql,
        start: String(range.start),
        end: String(range.end),
        step: String(range.stepSeconds),
      },
      scope,
    );
    return result.map(r => ({
      metric: r.metric ?? {},
      points: ((r.values ?? []) as [number, string][])
        .map(([t, v]): [number, number] => [Number(t), Number(v)])
        .filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v)),
    }));
  }

  private async get(
    endpoint: 'query' | 'query_range',
    params: Record<string, string>,
    scope: QueryScope,
  ): Promise<any[]> {
    const { tenancy, configKey = 'prometheus' } = this.settings;
    if (tenancy && !scope.namespace) {
      throw new UpstreamError(
        `${configKey} is a tenancy endpoint (tenancy: true), which answers only queries about one namespace, and this query names none`,
      );
    }
    const url = `${this.settings.url.replace(
      /\/+$/,
      '',
    )}/api/v1/${endpoint}?${new URLSearchParams({
      ...params,
      ...(tenancy ? { namespace: scope.namespace! } : {}),
    })}`;
    const response = await httpRequest(url, {
      headers: { Accept: 'application/json', ...this.settings.headers },
      ...this.settings.tls,
      timeoutMs: this.settings.timeoutMs,
    });
    if (response.status === 401) {
      throw new UpstreamError(
        `Prometheus answered HTTP 401: the credentials of ${configKey} (token or headers) are missing or not valid`,
      );
    }
    if (response.status === 403) {
      throw new UpstreamError(
        `Prometheus answered HTTP 403: the credentials of ${configKey} may not query ${
          tenancy
            ? `namespace ${scope.namespace} (on a tenancy port they need the view role in that namespace)`
            : "it (on OpenShift's Thanos querier port 9091 they need the cluster-monitoring-view cluster role)"
        }`,
      );
    }
    let body: any;
    try {
      body = JSON.parse(response.body);
    } catch {
      throw new UpstreamError(
        `Prometheus answered HTTP ${response.status} with a body that is not JSON`,
      );
    }
    if (response.status !== 200 || body?.status !== 'success') {
      throw new UpstreamError(
        `Prometheus answered HTTP ${response.status}: ${
          body?.errorType ?? ''
        } ${body?.error ?? ''}`.trim(),
      );
    }
    return (body.data?.result ?? []) as any[];
  }
}
