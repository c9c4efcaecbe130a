import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { readMeshSettings } from '../config/meshSettings';
import { readOptionalSource } from '../service/optionalSource';
import { observedTraffic } from './observedTraffic';
import { PrometheusClient } from './prometheusClient';
import { requestRateHistory } from './requestRateHistory';

const TOKEN = 'sha256~thanos-secret-4f1c';
const QUERIER = 'https://thanos-querier.openshift-monitoring.svc.cluster.local';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/**
 * OpenShift's Thanos querier as kube-rbac-proxy guards it: a bearer token,
 * and on the tenancy port (9092) a `namespace` parameter the token may `get`
 * pods in (the view role), on port 9091 a token that may `get` namespaces
 * (`*`: cluster-monitoring-view), refused as the proxy refuses them (plain text).
 */
function thanosQuerier(port: 9091 | 9092, viewable: string[]) {
  const seen: URL[] = [];
  const answer = ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    seen.push(url);
    if (request.headers.get('authorization') !== `Bearer ${TOKEN}`)
      return new HttpResponse('Unauthorized', { status: 401 });
    if (port === 9091 && !viewable.includes('*'))
      return new HttpResponse(
        'Forbidden (user=system:serviceaccount:backstage:portal, verb=get, resource=namespaces, subresource=)',
        { status: 403 },
      );
    if (port === 9092) {
      const namespace = url.searchParams.get('namespace');
      if (!namespace)
        return new HttpResponse(
          'Bad Request. The request or configuration is malformed.',
          { status: 400 },
        );
      if (!viewable.includes(namespace))
        return new HttpResponse(
          `Forbidden (user=system:serviceaccount:backstage:portal, verb=get, resource=pods, subresource=)`,
          { status: 403 },
        );
    }
    const query = url.searchParams.get('query') ?? '';
    const service = { destination_service_name: 'front-end' };
    if (url.pathname.endsWith('/query_range'))
      return HttpResponse.json({
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [{ metric: service, values: [[1795480770, '4']] }],
        },
      });
    const value = query.startsWith('histogram_quantile') ? '12' : '4';
    return HttpResponse.json({
      status: 'success',
      data: {
        resultType: 'vector',
        result: [{ metric: service, value: [1795480772, value] }],
      },
    });
  };
  server.use(
    http.get(`${QUERIER}:${port}/api/v1/query`, answer),
    http.get(`${QUERIER}:${port}/api/v1/query_range`, answer),
  );
  return seen;
}

/** The client the backend builds from `serviceMesh.clusters[openshift].prometheus`. */
function clientFor(prometheus: Record<string, string | boolean>) {
  const settings = readMeshSettings(
    new ConfigReader({
      serviceMesh: {
        clusters: [
          { name: 'openshift', prometheus: { token: TOKEN, ...prometheus } },
        ],
      },
    }),
  ).clusters.get('openshift')!.prometheus!;
  return new PrometheusClient(settings);
}

/** The mesh status' read of Prometheus, with what it logs. */
async function statusRead(client: PrometheusClient, namespace: string) {
  const logger = mockServices.logger.mock();
  const logged: string[] = [];
  logger.warn.mockImplementation((message: string) => {
    logged.push(message);
  });
  const read = await readOptionalSource(
    { name: 'prometheus', what: 'mesh status', logger },
    client,
    c => observedTraffic(c, namespace),
  );
  return { read, logged };
}

describe('Prometheus behind OpenShift’s Thanos querier', () => {
  it('on the tenancy port, sends the token and the namespace with every query of the status and of the history', async () => {
    const seen = thanosQuerier(9092, ['user1-sockshop']);
    const client = clientFor({ url: `${QUERIER}:9092`, tenancy: true });
    const { read } = await statusRead(client, 'user1-sockshop');
    expect(read.status).toEqual({ state: 'ok' });
    expect(read.value!['front-end']).toMatchObject({
      requestRate: 4,
      latencyP95Ms: 12,
      l4: { connectionRate: 4, byteRate: 4 },
    });
    const history = await requestRateHistory(client, 'user1-sockshop', 5);
    expect(history.services['front-end']).toEqual([[1795480770, 4]]);
    expect(seen).toHaveLength(7);
    for (const url of seen)
      expect(url.searchParams.get('namespace')).toBe('user1-sockshop');
  });

  it('says which namespace the token may not view, and neither the error nor the log carries the token', async () => {
    thanosQuerier(9092, ['user1-sockshop']);
    const client = clientFor({ url: `${QUERIER}:9092`, tenancy: true });
    const { read, logged } = await statusRead(client, 'user2-sockshop');
    expect(read.status).toEqual({
      state: 'error',
      reason:
        'Prometheus answered HTTP 403: the credentials of serviceMesh.clusters[openshift].prometheus may not query namespace user2-sockshop (on a tenancy port they need the view role in that namespace)',
    });
    expect(logged).toEqual([
      `mesh status: prometheus failed: ${(read.status as any).reason}`,
    ]);
    expect(JSON.stringify({ read, logged })).not.toContain(TOKEN);
  });

  it('refuses, before any request, a query that names no namespace on the tenancy port', async () => {
    const seen = thanosQuerier(9092, ['user1-sockshop']);
    const client = clientFor({ url: `${QUERIER}:9092`, tenancy: true });
    await expect(client.query('up')).rejects.toThrow(
      'serviceMesh.clusters[openshift].prometheus is a tenancy endpoint (tenancy: true), which answers only queries about one namespace, and this query names none',
    );
    expect(seen).toEqual([]);
  });

  it('on port 9091 sends no namespace parameter, and names what a refused token lacks', async () => {
    const seen = thanosQuerier(9091, ['*']);
    const { read } = await statusRead(
      clientFor({ url: `${QUERIER}:9091` }),
      'user1-sockshop',
    );
    expect(read.status).toEqual({ state: 'ok' });
    expect(seen.every(url => !url.searchParams.has('namespace'))).toBe(true);

    const expired = await statusRead(
      clientFor({ url: `${QUERIER}:9091`, token: 'sha256~expired' }),
      'user1-sockshop',
    );
    expect(expired.read.status).toEqual({
      state: 'error',
      reason:
        'Prometheus answered HTTP 401: the credentials of serviceMesh.clusters[openshift].prometheus (token or headers) are missing or not valid',
    });
    expect(JSON.stringify(expired)).not.toContain('sha256~expired');

    server.resetHandlers();
    thanosQuerier(9091, []);
    const refused = await statusRead(
      clientFor({ url: `${QUERIER}:9091` }),
      'user1-sockshop',
    );
    expect(refused.read.status).toEqual({
      state: 'error',
      reason:
        "Prometheus answered HTTP 403: the credentials of serviceMesh.clusters[openshift].prometheus may not query it (on OpenShift's Thanos querier port 9091 they need the cluster-monitoring-view cluster role)",
    });
    expect(JSON.stringify(refused)).not.toContain(TOKEN);
  });
});
