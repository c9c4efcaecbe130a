import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { KialiClient, KialiSettings, parseKialiVersion } from './kialiClient';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base = 'http://kiali.test/kiali';
// msw keeps its own cookie jar too, so look for our cookie among those sent.
const hasCookie = (request: Request, cookie: string) =>
  (request.headers.get('cookie') ?? '').split('; ').includes(cookie);
const settings = (overrides: Partial<KialiSettings> = {}): KialiSettings => ({
  url: base,
  strategy: 'openshift',
  token: 'kiali-secret-token',
  tls: {},
  timeoutMs: 1000,
  rateInterval: '1m',
  ...overrides,
});

const serviceHealth = {
  'front-end': {
    requests: { inbound: { http: { '200': 19.8, '503': 0.2 } }, outbound: {} },
  },
  carts: { requests: { inbound: { http: { '200': 10 } }, outbound: {} } },
  payment: { requests: { inbound: {}, outbound: {} } },
};

describe('KialiClient', () => {
  it('reads health per namespace from Kiali 1.73 with a Bearer token on each call', async () => {
    const calls: string[] = [];
    server.use(
      http.get(`${base}/api/status`, ({ request }) => {
        calls.push(`status ${request.headers.get('authorization')}`);
        return HttpResponse.json({
          status: { 'Kiali version': 'v1.73.4', 'Kiali state': 'running' },
        });
      }),
      http.get(
        `${base}/api/namespaces/user1-sockshop/health`,
        ({ request }) => {
          const url = new URL(request.url);
          calls.push(
            `health ${url.searchParams.get('type')} ${request.headers.get(
              'authorization',
            )}`,
          );
          return HttpResponse.json(serviceHealth);
        },
      ),
    );
    const client = new KialiClient(settings());
    const health = await client.serviceHealth('user1-sockshop');
    await client.serviceHealth('user1-sockshop');
    expect(health['front-end']).toEqual({
      status: 'Degraded',
      errorRatio: 1,
      requestRate: 20,
    });
    expect(health.carts).toEqual({
      status: 'Healthy',
      errorRatio: 0,
      requestRate: 10,
    });
    expect(health.payment).toEqual({ status: 'NA', requestRate: 0 });
    expect(calls).toEqual([
      'status Bearer kiali-secret-token',
      'health service Bearer kiali-secret-token',
      'health service Bearer kiali-secret-token',
    ]);
  });

  it('uses the /api/clusters endpoints of Kiali 2.x', async () => {
    server.use(
      http.get(`${base}/api/status`, () =>
        HttpResponse.json({ status: { 'Kiali version': 'v2.4.5' } }),
      ),
      http.get(`${base}/api/clusters/health`, ({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('namespaces')).toBe('user1-sockshop');
        return HttpResponse.json({
          namespaceServiceHealth: { 'user1-sockshop': serviceHealth },
        });
      }),
    );
    const health = await new KialiClient(settings()).serviceHealth(
      'user1-sockshop',
    );
    expect(Object.keys(health).sort()).toEqual([
      'carts',
      'front-end',
      'payment',
    ]);
  });

  it('logs in once with the token strategy and reuses the cookie until Kiali refuses it', async () => {
    let logins = 0;
    let validCookie = 'kiali-token-aes=session-1';
    server.use(
      http.post(`${base}/api/authenticate`, async ({ request }) => {
        logins += 1;
        expect(await request.text()).toBe('token=kiali-secret-token');
        validCookie = `kiali-token-aes=session-${logins}`;
        return HttpResponse.json(
          {
            username: 'backstage',
            expiresOn: new Date(Date.now() + 3600_000).toUTCString(),
          },
          { headers: { 'Set-Cookie': `${validCookie}; Path=/; HttpOnly` } },
        );
      }),
      http.get(`${base}/api/status`, ({ request }) =>
        hasCookie(request, validCookie)
          ? HttpResponse.json({ status: { 'Kiali version': 'v1.73.4' } })
          : new HttpResponse('Unauthorized', { status: 401 }),
      ),
      http.get(`${base}/api/namespaces/user1-sockshop/health`, ({ request }) =>
        hasCookie(request, validCookie)
          ? HttpResponse.json(serviceHealth)
          : new HttpResponse('Unauthorized', { status: 401 }),
      ),
    );
    const client = new KialiClient(settings({ strategy: 'token' }));
    await client.serviceHealth('user1-sockshop');
    await client.serviceHealth('user1-sockshop');
    expect(logins).toBe(1);
    validCookie = 'kiali-token-aes=rotated-by-kiali';
    await client.serviceHealth('user1-sockshop');
    expect(logins).toBe(2);
  });

  it('reports a refused request without leaking the token', async () => {
    server.use(
      http.get(
        `${base}/api/status`,
        () => new HttpResponse('Unauthorized', { status: 401 }),
      ),
    );
    const failure = new KialiClient(settings()).serviceHealth('user1-sockshop');
    await expect(failure).rejects.toThrow(
      'Kiali answered HTTP 401 for /api/status',
    );
    await expect(failure).rejects.not.toThrow(/kiali-secret-token/);
  });

  it('parses Kiali versions', () => {
    expect(parseKialiVersion('v1.73.4')).toEqual([1, 73]);
    expect(parseKialiVersion('2.17.0-ossm')).toEqual([2, 17]);
    expect(parseKialiVersion(undefined)).toBeUndefined();
  });
});
