/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { frontEnd, sockShopStatus } from '../__fixtures__/meshStatus';
import { sockShopRequestRates } from '../__fixtures__/requestRates';
import { sockShopTrafficGraph } from '../__fixtures__/trafficGraph';
import { ServiceMeshClient } from './ServiceMeshClient';

const baseUrl = 'http://localhost:7007/api/service-mesh';
const sockshop = { kind: 'System', namespace: 'default', name: 'sockshop' };

describe('ServiceMeshClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ServiceMeshClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  it('asks for the status by entity ref only', async () => {
    const requests: Request[] = [];
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/status`,
        ({ request }) => {
          requests.push(request);
          return HttpResponse.json(sockShopStatus());
        },
      ),
    );
    await expect(client.getStatus(sockshop)).resolves.toEqual(sockShopStatus());
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0].url);
    expect(url.pathname).toBe(
      '/api/service-mesh/entities/system/default/sockshop/status',
    );
    expect(url.search).toBe('');
    expect(requests[0].method).toBe('GET');
  });

  it('escapes the parts of the ref', async () => {
    let path = '';
    server.use(
      http.get(`${baseUrl}/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(sockShopStatus());
      }),
    );
    await client.getStatus({
      kind: 'Component',
      namespace: 'team a',
      name: 'x/y',
    });
    expect(path).toBe(
      '/api/service-mesh/entities/component/team%20a/x%2Fy/status',
    );
  });

  it('posts exactly the service and the weights and answers the new status', async () => {
    let body: unknown;
    let contentType: string | null = null;
    const updated = sockShopStatus(frontEnd({ v1: 50, v2: 50 }));
    server.use(
      http.post(
        `${baseUrl}/entities/system/default/sockshop/traffic`,
        async ({ request }) => {
          contentType = request.headers.get('content-type');
          body = await request.json();
          return HttpResponse.json(updated);
        },
      ),
    );
    await expect(
      client.shiftTraffic(sockshop, {
        service: 'front-end',
        weights: { v1: 50, v2: 50 },
      }),
    ).resolves.toEqual(updated);
    expect(contentType).toBe('application/json');
    expect(body).toEqual({ service: 'front-end', weights: { v1: 50, v2: 50 } });
  });

  it('turns an error answer into a ResponseError that says what failed', async () => {
    server.use(
      http.get(`${baseUrl}/*`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'entity system:default/sockshop not found',
            },
            request: {
              method: 'GET',
              url: '/entities/system/default/sockshop/status',
            },
            response: { statusCode: 404 },
          },
          { status: 404, statusText: 'Not Found' },
        ),
      ),
    );
    const error = await client.getStatus(sockshop).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(404);
    expect(error.cause.name).toBe('NotFoundError');
    expect(error.message).toBe(
      'Loading the mesh status of system:default/sockshop failed with 404 Not Found: entity system:default/sockshop not found',
    );
  });

  it('names the service of a refused traffic shift', async () => {
    server.use(
      http.post(`${baseUrl}/*`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'you may not change the traffic of system:default/sockshop',
            },
            request: {
              method: 'POST',
              url: '/entities/system/default/sockshop/traffic',
            },
            response: { statusCode: 403 },
          },
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
    );
    await expect(
      client.shiftTraffic(sockshop, {
        service: 'front-end',
        weights: { v1: 50, v2: 50 },
      }),
    ).rejects.toThrow(
      'Shifting the traffic of front-end in system:default/sockshop failed with 403 Forbidden: you may not change the traffic of system:default/sockshop',
    );
  });

  it('asks for the request rates of the entity over the given minutes', async () => {
    const requests: Request[] = [];
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/request-rates`,
        ({ request }) => {
          requests.push(request);
          return HttpResponse.json(sockShopRequestRates());
        },
      ),
    );
    await expect(
      client.getRequestRates(sockshop, { minutes: 30 }),
    ).resolves.toEqual(sockShopRequestRates());
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0].url);
    expect(url.pathname).toBe(
      '/api/service-mesh/entities/system/default/sockshop/request-rates',
    );
    expect(url.search).toBe('?minutes=30');
    expect(requests[0].method).toBe('GET');
  });

  it("leaves the window to the backend when no minutes are given, and escapes the ref's parts", async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${baseUrl}/*`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json(sockShopRequestRates());
      }),
    );
    await client.getRequestRates({
      kind: 'Component',
      namespace: 'team a',
      name: 'x/y',
    });
    expect(url?.pathname).toBe(
      '/api/service-mesh/entities/component/team%20a/x%2Fy/request-rates',
    );
    expect(url?.search).toBe('');
  });

  it('says which request rates could not be loaded and why', async () => {
    server.use(
      http.get(`${baseUrl}/*`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'minutes must be a whole number from 5 to 360',
            },
            request: {
              method: 'GET',
              url: '/entities/system/default/sockshop/request-rates',
            },
            response: { statusCode: 400 },
          },
          { status: 400, statusText: 'Bad Request' },
        ),
      ),
    );
    const error = await client
      .getRequestRates(sockshop, { minutes: 0 })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(
      'Loading the request rates of system:default/sockshop failed with 400 Bad Request: minutes must be a whole number from 5 to 360',
    );
  });

  it('asks for the traffic graph over the chosen window, and says why it was refused', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/traffic-graph`,
        ({ request }) => {
          const url = new URL(request.url);
          urls.push(url);
          if (url.searchParams.get('window') === '2m') {
            return HttpResponse.json(
              {
                error: {
                  name: 'InputError',
                  message: 'window must be one of 1m, 5m, 30m',
                },
                request: { method: 'GET', url: url.pathname },
                response: { statusCode: 400 },
              },
              { status: 400, statusText: 'Bad Request' },
            );
          }
          return HttpResponse.json(sockShopTrafficGraph());
        },
      ),
    );
    await expect(
      client.getTrafficGraph(sockshop, { window: '30m' }),
    ).resolves.toEqual(sockShopTrafficGraph());
    await client.getTrafficGraph(sockshop);
    expect(urls.map(u => `${u.pathname}${u.search}`)).toEqual([
      '/api/service-mesh/entities/system/default/sockshop/traffic-graph?window=30m',
      '/api/service-mesh/entities/system/default/sockshop/traffic-graph',
    ]);
    await expect(
      client.getTrafficGraph(sockshop, { window: '2m' as '1m' }),
    ).rejects.toThrow(
      'Loading the traffic graph of system:default/sockshop failed with 400 Bad Request: window must be one of 1m, 5m, 30m',
    );
  });

  it('passes an abort through unchanged', async () => {
    server.use(
      http.get(`${baseUrl}/*`, () => HttpResponse.json(sockShopRequestRates())),
    );
    const controller = new AbortController();
    controller.abort();
    const error = await client
      .getRequestRates(sockshop, { signal: controller.signal })
      .catch(e => e);
    expect(error.name).toBe('AbortError');
  });

  it('says what failed when the backend cannot be reached', async () => {
    const failing = new ServiceMeshClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
      fetchApi: {
        fetch: async () => Promise.reject(new TypeError('Failed to fetch')),
      },
    });
    await expect(failing.getStatus(sockshop)).rejects.toThrow(
      'Loading the mesh status of system:default/sockshop failed: Failed to fetch',
    );
  });
});
