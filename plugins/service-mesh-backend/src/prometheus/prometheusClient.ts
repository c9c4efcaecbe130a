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
  async query(promql: string): Promise<Sample[]> {
    const result = await this.get('query', { query: promql });
    return result
      .map(r => ({ metric: r.metric ?? {}, value: Number(r.value?.[1]) }))
      .filter(s => Number.isFinite(s.value));
  }

  /** A range query: each series' [unix seconds, value] points from start to end. */
  async queryRange(
    promql: string,
    range: { start: number; end: number; stepSeconds: number },
  ): Promise<RangeSeries[]> {
    const result = await this.get('query_range', {
      query: promql,
      start: String(range.start),
      end: String(range.end),
      step: String(range.stepSeconds),
    });
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
  ): Promise<any[]> {
    const url = `${this.settings.url.replace(
      /\/+$/,
      '',
    )}/api/v1/${endpoint}?${new URLSearchParams(params)}`;
    const response = await httpRequest(url, {
      headers: { Accept: 'application/json', ...this.settings.headers },
      ...this.settings.tls,
      timeoutMs: this.settings.timeoutMs,
    });
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
