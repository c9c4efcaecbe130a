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

/** Instant queries against the Prometheus HTTP API. */
export class PrometheusClient {
  constructor(readonly settings: PrometheusSettings) {}

  async query(promql: string): Promise<Sample[]> {
    const url = `${this.settings.url.replace(
      /\/+$/,
      '',
    )}/api/v1/query?query=${encodeURIComponent(promql)}`;
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
    return ((body.data?.result ?? []) as any[])
      .map(r => ({ metric: r.metric ?? {}, value: Number(r.value?.[1]) }))
      .filter(s => Number.isFinite(s.value));
  }
}
