/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { frontEnd, sockShopStatus } from '../__fixtures__/meshStatus';
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
