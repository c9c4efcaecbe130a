import { IstioSample, requestsFromIstioSamples } from './istioRequests';

const labels = (
  reporter: string,
  source: string,
  extra: Record<string, string> = {},
) => ({
  reporter,
  source_workload_namespace: 'shop',
  source_workload: source,
  source_canonical_service: source,
  destination_service_namespace: 'shop',
  destination_service_name: 'catalogue',
  destination_workload_namespace: 'shop',
  destination_workload: 'catalogue',
  destination_canonical_service: 'catalogue',
  response_code: '200',
  response_flags: '-',
  connection_security_policy: 'unknown',
  ...extra,
});

const sample = (
  metric: Record<string, string>,
  value: number,
): IstioSample => ({
  metric,
  value,
});

describe('requestsFromIstioSamples in ambient mode', () => {
  it("counts a request a sidecar caller and the callee's waypoint both report once, the caller's, with the waypoint's mutual TLS", () => {
    const requests = requestsFromIstioSamples([
      sample(labels('source', 'front-end'), 4),
      sample(
        labels('waypoint', 'front-end', {
          connection_security_policy: 'mutual_tls',
        }),
        4,
      ),
    ]);
    expect(requests).toEqual([
      expect.objectContaining({
        source: expect.objectContaining({ workload: 'front-end' }),
        destination: expect.objectContaining({ workload: 'catalogue' }),
        rate: 4,
        mtlsRate: 4,
      }),
    ]);
  });

  it('takes the waypoint’s report where the caller is ambient (ztunnel reports no requests)', () => {
    const requests = requestsFromIstioSamples([
      sample(
        labels('waypoint', 'orders', {
          connection_security_policy: 'mutual_tls',
        }),
        2.5,
      ),
      sample(
        labels('waypoint', 'orders', {
          response_code: '503',
          response_flags: 'UH',
          connection_security_policy: 'mutual_tls',
        }),
        0.5,
      ),
    ]);
    expect(
      requests.map(r => [r.responseCode, r.responseFlags, r.rate, r.mtlsRate]),
    ).toEqual([
      ['200', '-', 2.5, 2.5],
      ['503', 'UH', 0.5, 0.5],
    ]);
  });
});
