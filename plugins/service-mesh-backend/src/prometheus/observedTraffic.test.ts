import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { PrometheusClient } from './prometheusClient';
import { observedTraffic, trafficQueries } from './observedTraffic';
import { l4Queries } from './l4Traffic';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = new PrometheusClient({
  url: 'http://prometheus.test:9090',
  headers: { Authorization: 'Bearer secret-prometheus-token' },
  tls: {},
  window: '1m',
  timeoutMs: 1000,
});

const vector = (result: { metric: Record<string, string>; value: string }[]) =>
  HttpResponse.json({
    status: 'success',
    data: {
      resultType: 'vector',
      result: result.map(r => ({
        metric: r.metric,
        value: [1795480772, r.value],
      })),
    },
  });

describe('observedTraffic', () => {
  it('asks six queries for the whole namespace and turns them into per-service figures, L4 ones where ztunnel reports', async () => {
    const queries = trafficQueries('user1-sockshop', '1m');
    const l4 = l4Queries('user1-sockshop', '1m');
    const asked: string[] = [];
    server.use(
      http.get('http://prometheus.test:9090/api/v1/query', ({ request }) => {
        expect(request.headers.get('authorization')).toBe(
          'Bearer secret-prometheus-token',
        );
        const query = new URL(request.url).searchParams.get('query')!;
        asked.push(query);
        switch (query) {
          case queries.requestRate:
            return vector([
              {
                metric: { destination_service_name: 'front-end' },
                value: '50',
              },
              { metric: { destination_service_name: 'carts' }, value: '15' },
            ]);
          case queries.errorRate:
            return vector([
              { metric: { destination_service_name: 'carts' }, value: '0.3' },
            ]);
          case queries.versionRate:
            return vector([
              {
                metric: {
                  destination_service_name: 'front-end',
                  destination_version: 'v1',
                },
                value: '39.9',
              },
              {
                metric: {
                  destination_service_name: 'front-end',
                  destination_version: 'v2',
                },
                value: '10.1',
              },
              {
                metric: {
                  destination_service_name: 'carts',
                  destination_version: 'v1',
                },
                value: '15',
              },
            ]);
          case l4.connectionRate:
            return vector([
              {
                metric: { destination_service_name: 'catalogue' },
                value: '7.25',
              },
            ]);
          case l4.byteRate:
            return vector([
              {
                metric: { destination_service_name: 'catalogue' },
                value: '18560.04',
              },
              // a long-lived connection: bytes, no new connections
              { metric: { destination_service_name: 'orders' }, value: '96' },
            ]);
          case queries.latencyP95:
            return vector([
              {
                metric: { destination_service_name: 'front-end' },
                value: '45.04',
              },
              { metric: { destination_service_name: 'carts' }, value: 'NaN' },
            ]);
          default:
            return HttpResponse.json(
              {
                status: 'error',
                errorType: 'bad_data',
                error: 'unexpected query',
              },
              { status: 400 },
            );
        }
      }),
    );
    const observed = await observedTraffic(client, 'user1-sockshop');
    expect(asked.sort()).toEqual(
      [...Object.values(queries), ...Object.values(l4)].sort(),
    );
    expect(observed.catalogue).toEqual({
      l4: { connectionRate: 7.25, byteRate: 18560 },
    });
    expect(observed.orders).toEqual({
      l4: { connectionRate: 0, byteRate: 96 },
    });
    expect(observed['front-end']).toEqual({
      requestRate: 50,
      errorRatio: 0,
      latencyP95Ms: 45,
      splitByVersion: { v1: 80, v2: 20 },
    });
    expect(observed.carts).toEqual({
      requestRate: 15,
      errorRatio: 0.02,
      splitByVersion: { v1: 100 },
    });
  });

  it('scopes every query to the namespace: requests as sidecars, else waypoints, report them; connections as ztunnel does', () => {
    const requests = Object.values(trafficQueries('user1-sockshop', '5m'));
    for (const query of requests) {
      expect(query).toContain(
        'reporter="destination",destination_service_namespace="user1-sockshop"',
      );
      expect(query).toContain(
        'reporter="waypoint",destination_service_namespace="user1-sockshop"',
      );
      expect(query).toContain('[5m]');
    }
    for (const query of Object.values(l4Queries('user1-sockshop', '5m'))) {
      expect(query).toContain('istio_tcp_');
      expect(query).toContain(
        'reporter="destination",destination_service_namespace="user1-sockshop"}[5m]',
      );
    }
  });

  it('fails with Prometheus’ own error and without the token', async () => {
    server.use(
      http.get('http://prometheus.test:9090/api/v1/query', () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'bad_data',
            error: 'parse error at char 3',
          },
          { status: 400 },
        ),
      ),
    );
    const failure = observedTraffic(client, 'user1-sockshop');
    await expect(failure).rejects.toThrow(
      'Prometheus answered HTTP 400: bad_data parse error at char 3',
    );
    await expect(failure).rejects.not.toThrow(/secret-prometheus-token/);
  });
});
