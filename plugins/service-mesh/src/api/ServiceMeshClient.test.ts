/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { frontEnd, sockShopStatus } from '../__fixtures__/meshStatus';
import { sockShopRequestRates } from '../__fixtures__/requestRates';
import { frontEndPlan, frontEndWithRollout } from '../__fixtures__/rollouts';
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

  it('posts {plan} to start a rollout and answers the new status', async () => {
    const requests: { path: string; type: string | null; body: unknown }[] = [];
    const updated = sockShopStatus(frontEndWithRollout());
    server.use(
      http.post(`${baseUrl}/*`, async ({ request }) => {
        requests.push({
          path: new URL(request.url).pathname,
          type: request.headers.get('content-type'),
          body: await request.json(),
        });
        return HttpResponse.json(updated, { status: 201 });
      }),
    );
    await expect(client.startRollout(sockshop, frontEndPlan)).resolves.toEqual(
      updated,
    );
    expect(requests).toEqual([
      {
        path: '/api/service-mesh/entities/system/default/sockshop/rollouts',
        type: 'application/json',
        body: { plan: frontEndPlan },
      },
    ]);
  });

  it.each([
    [
      400,
      'Bad Request',
      'InputError',
      'invalid rollout plan: steps[1] must be greater than steps[0] (10)',
    ],
    [
      403,
      'Forbidden',
      'NotAllowedError',
      'you may not change the traffic of system:default/sockshop',
    ],
    [
      409,
      'Conflict',
      'ConflictError',
      'a rollout of front-end to v2 is progressing at 25 % on VirtualService front-end-virtualservice; promote or abort it first',
    ],
  ])(
    "says why a start was refused with %i, in the backend's words",
    async (status, statusText, name, message) => {
      server.use(
        http.post(`${baseUrl}/*`, () =>
          HttpResponse.json(
            {
              error: { name, message },
              request: {
                method: 'POST',
                url: '/entities/system/default/sockshop/rollouts',
              },
              response: { statusCode: status },
            },
            { status, statusText },
          ),
        ),
      );
      const error = await client
        .startRollout(sockshop, frontEndPlan)
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(status);
      expect(error.message).toBe(
        `Starting the rollout of front-end in system:default/sockshop failed with ${status} ${statusText}: ${message}`,
      );
    },
  );

  it.each(['pause', 'resume', 'promote', 'abort'] as const)(
    'posts an empty body to %s a rollout',
    async action => {
      const requests: { path: string; body: unknown }[] = [];
      const updated = sockShopStatus(frontEndWithRollout('paused'));
      server.use(
        http.post(`${baseUrl}/*`, async ({ request }) => {
          requests.push({
            path: new URL(request.url).pathname,
            body: await request.json(),
          });
          return HttpResponse.json(updated);
        }),
      );
      await expect(
        client.controlRollout(sockshop, 'front-end', action),
      ).resolves.toEqual(updated);
      expect(requests).toEqual([
        {
          path: `/api/service-mesh/entities/system/default/sockshop/rollouts/front-end/${action}`,
          body: {},
        },
      ]);
    },
  );

  it('says why a rollout action was refused, and escapes the service', async () => {
    let path = '';
    server.use(
      http.post(`${baseUrl}/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'cannot pause a rollout that is promoted',
            },
            request: { method: 'POST', url: path },
            response: { statusCode: 409 },
          },
          { status: 409, statusText: 'Conflict' },
        );
      }),
    );
    await expect(
      client.controlRollout(sockshop, 'a b', 'pause'),
    ).rejects.toThrow(
      'Pausing the rollout of a b in system:default/sockshop failed with 409 Conflict: cannot pause a rollout that is promoted',
    );
    expect(path).toBe(
      '/api/service-mesh/entities/system/default/sockshop/rollouts/a%20b/pause',
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
