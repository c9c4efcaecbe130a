import { trafficQueries } from './observedTraffic';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PrometheusClient } from './prometheusClient';
import { requestRateHistory } from './requestRateHistory';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = new PrometheusClient({
  url: 'http://prometheus.test:9090/',
  headers: { Authorization: 'Bearer secret-prometheus-token' },
  tls: {},
  window: '1m',
  timeoutMs: 1000,
});
const now = Date.parse('2026-11-25T12:00:00Z');
const end = now / 1000;

describe('requestRateHistory', () => {
  it('asks one range query over the window and keeps the points per service', async () => {
    let params: URLSearchParams | undefined;
    server.use(
      http.get(
        'http://prometheus.test:9090/api/v1/query_range',
        ({ request }) => {
          params = new URL(request.url).searchParams;
          return HttpResponse.json({
            status: 'success',
            data: {
              resultType: 'matrix',
              result: [
                {
                  metric: { destination_service_name: 'front-end' },
                  values: [
                    [end - 60, '4.98765'],
                    [end - 30, 'NaN'],
                    [end, '5'],
                  ],
                },
                { metric: { destination_service_name: 'carts' }, values: [] },
                { metric: {}, values: [[end, '1']] },
              ],
            },
          });
        },
      ),
    );
    const history = await requestRateHistory(client, 'user2-sockshop', 30, now);
    expect(params?.get('query')).toBe(
      trafficQueries('user2-sockshop', '1m').requestRate,
    );
    expect(params?.get('start')).toBe(String(end - 1800));
    expect(params?.get('end')).toBe(String(end));
    expect(params?.get('step')).toBe('30');
    expect(history).toEqual({
      start: '2026-11-25T11:30:00.000Z',
      end: '2026-11-25T12:00:00.000Z',
      stepSeconds: 30,
      services: {
        'front-end': [
          [end - 60, 4.988],
          [end, 5],
        ],
      },
    });
  });

  it('says what Prometheus answered when it refuses the query', async () => {
    server.use(
      http.get('http://prometheus.test:9090/api/v1/query_range', () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'bad_data',
            error:
              'exceeded maximum resolution of 11,000 points per timeseries',
          },
          { status: 400 },
        ),
      ),
    );
    await expect(
      requestRateHistory(client, 'user2-sockshop', 30, now),
    ).rejects.toThrow(
      'Prometheus answered HTTP 400: bad_data exceeded maximum resolution',
    );
  });
});
