import { Sandbox, startSandbox } from '../sandbox';
import { sandboxRequest } from './__testUtils__/https';
import {
  APPS_DOMAIN,
  createAll,
  untilRolledOut,
  meshedCanary,
} from './__testUtils__/meshObjects';
import { parsePrometheusText } from './__testUtils__/promText';
import { durationBucketsMs } from './istioTelemetry';
import { istioLabelNames } from './istioLabels';
import { MeshTraffic } from './meshTraffic';

describe('/metrics', () => {
  let sandbox: Sandbox;
  const traffic = new MeshTraffic({ generateLoad: false });
  beforeAll(async () => {
    sandbox = await startSandbox({
      appsDomain: APPS_DOMAIN,
      trafficRps: 10,
      controllers: [traffic.controller()],
      seed: context => createAll(context, meshedCanary()),
    });
    // Every pod Running and Ready before the load is counted.
    await untilRolledOut(sandbox);
    traffic.advance(10);
  });
  afterAll(() => sandbox.stop());

  it('serves Istio metrics in Prometheus text format without credentials', async () => {
    const response = await sandboxRequest(sandbox, '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(
      'text/plain; version=0.0.4; charset=utf-8',
    );
    const { samples, types, help } = parsePrometheusText(response.text);
    expect(types).toEqual({
      istio_requests_total: 'counter',
      istio_request_duration_milliseconds: 'histogram',
    });
    expect(Object.keys(help)).toHaveLength(2);

    const seen = new Set(
      samples.map(s => `${s.name}${JSON.stringify(s.labels)}`),
    );
    expect(seen.size).toBe(samples.length);

    const requests = samples.filter(s => s.name === 'istio_requests_total');
    for (const sample of requests) {
      expect(Object.keys(sample.labels).sort()).toEqual(
        [...istioLabelNames].sort(),
      );
    }
    const buckets = samples.filter(
      s => s.name === 'istio_request_duration_milliseconds_bucket',
    );
    expect(buckets).toHaveLength(
      requests.length * (durationBucketsMs.length + 1),
    );
  });

  it('reports meshed hops from both ends and the gateway as a source only', async () => {
    const { samples } = parsePrometheusText(
      (await sandboxRequest(sandbox, '/metrics')).text,
    );
    const requests = samples.filter(s => s.name === 'istio_requests_total');
    const toFrontEnd = (reporter: string) =>
      requests.filter(
        s =>
          s.labels.reporter === reporter &&
          s.labels.destination_service_name === 'front-end',
      );
    for (const reporter of ['source', 'destination']) {
      const byVersion: Record<string, number> = {};
      for (const s of toFrontEnd(reporter)) {
        byVersion[s.labels.destination_version] =
          (byVersion[s.labels.destination_version] ?? 0) + s.value;
        expect(s.labels).toMatchObject({
          source_workload: 'istio-ingressgateway',
          source_workload_namespace: 'user1-istio-system',
          source_cluster: 'Kubernetes',
          destination_cluster: 'Kubernetes',
          destination_service: 'front-end.user1-sockshop.svc.cluster.local',
          destination_canonical_service: 'front-end',
          response_code: '200',
          response_flags: '-',
          connection_security_policy:
            reporter === 'source' ? 'unknown' : 'mutual_tls',
        });
      }
      expect(byVersion).toEqual({ v1: 80, v2: 20 });
    }
    expect(
      requests.filter(
        s => s.labels.destination_workload === 'istio-ingressgateway',
      ),
    ).toEqual([]);
    const catalogue = requests.filter(
      s => s.labels.destination_service_name === 'catalogue',
    );
    expect(catalogue.map(s => s.labels.reporter).sort()).toEqual([
      'destination',
      'destination',
      'source',
      'source',
    ]);
    expect(catalogue.reduce((sum, s) => sum + s.value, 0)).toBe(2 * 60);
  });
});
