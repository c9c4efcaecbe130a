import { kinds } from '../client/kinds';
import { Sandbox } from '../sandbox';
import { clientsFor, statusOf } from '../__testUtils__/clients';
import {
  configMap,
  namespaceName as namespace,
  startSeededSandbox,
  vsCoordinates,
} from './__testUtils__/cluster';
import { rawRequest } from './__testUtils__/request';

describe('the /_sandbox control endpoints', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  beforeAll(async () => {
    sandbox = await startSeededSandbox(async ({ client }) => {
      await client.create(kinds.configMaps, configMap('carts'));
    });
    clients = clientsFor(sandbox, 'admin');
  });
  afterEach(() =>
    rawRequest(sandbox, '/_sandbox/faults', { method: 'DELETE' }),
  );
  afterAll(() => sandbox.stop());

  it.each([
    ['the portal’s token', 'write'],
    ['the read-only token', 'read'],
    ['a token without rights', 'none'],
    ['a token the cluster does not know', 'unknown'],
    ['no token', undefined],
  ] as const)('answers 401 to %s', async (_, access) => {
    const tokens: Record<string, string | null> = {
      ...sandbox.tokens,
      unknown: 'not-a-token',
    };
    const token = access === undefined ? null : tokens[access];
    for (const path of ['/_sandbox/stats', '/_sandbox/faults']) {
      const response = await rawRequest(sandbox, path, { token });
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({
        kind: 'Status',
        reason: 'Unauthorized',
      });
    }
  });

  it('counts API requests by verb and resource and resets on DELETE', async () => {
    const reset = await rawRequest(sandbox, '/_sandbox/stats', {
      method: 'DELETE',
    });
    expect(reset.json).toEqual({ total: 0, byVerb: {}, byResource: {} });

    await clients.core.listNamespacedConfigMap({ namespace });
    await clients.core.listNamespacedConfigMap({ namespace });
    await clients.core.readNamespacedConfigMap({ name: 'carts', namespace });
    await clients.custom.listNamespacedCustomObject(vsCoordinates);
    await clients.core.createNamespacedConfigMap({
      namespace,
      body: configMap('orders'),
    });

    const stats = await rawRequest(sandbox, '/_sandbox/stats');
    expect(stats.json).toEqual({
      total: 5,
      byVerb: { list: 3, get: 1, create: 1 },
      byResource: {
        configmaps: { list: 2, get: 1, create: 1 },
        'virtualservices.networking.istio.io': { list: 1 },
      },
    });
    expect(sandbox.stats.snapshot().total).toBe(5);

    await rawRequest(sandbox, '/_sandbox/stats', { method: 'DELETE' });
    expect((await rawRequest(sandbox, '/_sandbox/stats')).json.total).toBe(0);
  });

  it('injects a status code on matching paths only', async () => {
    const added = await rawRequest(sandbox, '/_sandbox/faults', {
      method: 'POST',
      body: { path: '/configmaps/carts$', status: 503 },
    });
    expect(added.status).toBe(201);
    expect(
      await statusOf(
        clients.core.readNamespacedConfigMap({ name: 'carts', namespace }),
      ),
    ).toMatchObject({ httpCode: 503, code: 503, reason: 'ServiceUnavailable' });
    const others = await clients.core.listNamespacedConfigMap({ namespace });
    expect(others.items.length).toBeGreaterThan(0);
  });

  it('injects latency and still answers', async () => {
    await rawRequest(sandbox, '/_sandbox/faults', {
      method: 'POST',
      body: { path: '/configmaps', latencyMs: 20 },
    });
    const list = await clients.core.listNamespacedConfigMap({ namespace });
    expect(list.items.map(i => i.metadata?.name)).toContain('carts');
  });

  it('drops the connection of a matching request', async () => {
    await rawRequest(sandbox, '/_sandbox/faults', {
      method: 'POST',
      body: { path: '/namespaces$', method: 'GET', drop: true },
    });
    await expect(clients.core.listNamespace()).rejects.toThrow();
    const listed = await rawRequest(sandbox, '/_sandbox/faults');
    expect(listed.json).toEqual({
      faults: [
        {
          path: '/namespaces$',
          method: 'GET',
          drop: true,
          id: expect.any(Number),
        },
      ],
    });
  });

  it('clears the faults on DELETE', async () => {
    await rawRequest(sandbox, '/_sandbox/faults', {
      method: 'POST',
      body: { path: '.*configmaps.*', status: 500 },
    });
    const cleared = await rawRequest(sandbox, '/_sandbox/faults', {
      method: 'DELETE',
    });
    expect(cleared.json).toEqual({ faults: [] });
    const list = await clients.core.listNamespacedConfigMap({ namespace });
    expect(list.items.length).toBeGreaterThan(0);
  });

  it('rejects a fault without a valid path pattern with 400', async () => {
    const response = await rawRequest(sandbox, '/_sandbox/faults', {
      method: 'POST',
      body: { path: '(' },
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ reason: 'BadRequest' });
  });
});
