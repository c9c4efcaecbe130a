import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { canaryCheckQueries, canaryCheckResults } from './canaryChecks';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = new PrometheusClient({
  url: 'http://prometheus.test:9090',
  headers: {},
  tls: {},
  window: '1m',
  timeoutMs: 1000,
});
const target = {
  namespace: 'user1-sockshop',
  service: 'front-end',
  version: 'v2',
};

/** Prometheus's answer to an instant query: an aggregation without `by` has one series with no labels. */
const vector = (values: string[]) =>
  HttpResponse.json({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map(value => ({
        metric: {},
        value: [1796379600.5, value],
      })),
    },
  });

function answer(byQuery: Record<string, string[]>) {
  const asked: string[] = [];
  server.use(
    http.get('http://prometheus.test:9090/api/v1/query', ({ request }) => {
      const query = new URL(request.url).searchParams.get('query')!;
      asked.push(query);
      const values = byQuery[query];
      if (!values) {
        return HttpResponse.json(
          {
            status: 'error',
            errorType: 'bad_data',
            error: `unexpected ${query}`,
          },
          { status: 400 },
        );
      }
      return vector(values);
    }),
  );
  return asked;
}

describe('canaryCheckQueries', () => {
  it('selects the version of the service as the destination reports it', () => {
    const version =
      'destination_service_namespace="user1-sockshop",destination_service_name="front-end",destination_version="v2"';
    const selector = `reporter=~"destination|waypoint",${version}`;
    expect(canaryCheckQueries(target, '1m')).toEqual({
      // a request both a waypoint and the pod's sidecar report is counted once
      requestCount: `sum((increase(istio_requests_total{reporter="destination",${version}}[1m]) or (increase(istio_requests_total{reporter="waypoint",${version}}[1m]) unless on (destination_workload_namespace, destination_workload) istio_requests_total{reporter="destination",destination_workload_namespace="user1-sockshop"})))`,
      successRatePercent: `100 * sum(rate(istio_requests_total{${selector},response_code!~"5.."}[1m])) / sum(rate(istio_requests_total{${selector}}[1m]))`,
      p99LatencyMs: `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${selector}}[1m])))`,
    });
    expect(
      canaryCheckQueries({ ...target, version: 'v"2' }, '30s').requestCount,
    ).toContain('destination_version="v\\"2"');
  });
});

describe('canaryCheckResults', () => {
  it('turns the three answers into check results', async () => {
    const queries = canaryCheckQueries(target, '1m');
    const asked = answer({
      [queries.requestCount]: ['240.40000000000003'],
      [queries.successRatePercent]: ['69.87654320987654'],
      [queries.p99LatencyMs]: ['987.5000000000001'],
    });
    await expect(canaryCheckResults(client, target, '1m')).resolves.toEqual({
      requests: 240,
      successRatePercent: 69.88,
      p99LatencyMs: 987.5,
    });
    expect(asked.sort()).toEqual(Object.values(queries).sort());
  });

  it('gives 0 requests and no figures when the version had no traffic', async () => {
    const queries = canaryCheckQueries(target, '1m');
    // sum() over nothing is an empty vector; a ratio of zero rates is NaN
    answer({
      [queries.requestCount]: [],
      [queries.successRatePercent]: ['NaN'],
      [queries.p99LatencyMs]: ['NaN'],
    });
    await expect(canaryCheckResults(client, target, '1m')).resolves.toEqual({
      requests: 0,
      successRatePercent: null,
      p99LatencyMs: null,
    });
  });

  it("asks a tenancy endpoint about the canary's namespace", async () => {
    const tenancy = new PrometheusClient({ ...client.settings, tenancy: true });
    const namespaces: (string | null)[] = [];
    server.use(
      http.get('http://prometheus.test:9090/api/v1/query', ({ request }) => {
        namespaces.push(new URL(request.url).searchParams.get('namespace'));
        return vector(['50']);
      }),
    );
    await expect(canaryCheckResults(tenancy, target, '1m')).resolves.toEqual({
      requests: 50,
      successRatePercent: 50,
      p99LatencyMs: 50,
    });
    expect(namespaces).toEqual([
      'user1-sockshop',
      'user1-sockshop',
      'user1-sockshop',
    ]);
  });

  it("passes Prometheus's refusal on", async () => {
    answer({});
    await expect(canaryCheckResults(client, target, '1m')).rejects.toThrow(
      /Prometheus answered HTTP 400: bad_data unexpected/,
    );
  });
});
