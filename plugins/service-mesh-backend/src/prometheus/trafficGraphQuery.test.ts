import { trafficGraphQuery } from './trafficGraphQuery';

describe('trafficGraphQuery', () => {
  it("is one query: what the namespace's workloads received (from their sidecars, else their waypoints), what its proxies sent, and what other proxies sent to its Services", () => {
    expect(trafficGraphQuery('user1-sockshop', '1m')).toBe(
      'sum by (reporter, source_workload_namespace, source_workload, source_canonical_service, ' +
        'source_canonical_revision, destination_service_namespace, destination_service_name, ' +
        'destination_workload_namespace, destination_workload, destination_canonical_service, ' +
        'destination_canonical_revision, response_code, response_flags, connection_security_policy) (' +
        '(rate(istio_requests_total{reporter="destination",destination_workload_namespace="user1-sockshop"}[1m]) or ' +
        '(rate(istio_requests_total{reporter="waypoint",destination_workload_namespace="user1-sockshop"}[1m]) ' +
        'unless on (destination_workload_namespace, destination_workload) ' +
        'istio_requests_total{reporter="destination",destination_workload_namespace="user1-sockshop"})) or ' +
        'rate(istio_requests_total{reporter="source",source_workload_namespace="user1-sockshop"}[1m]) or ' +
        'rate(istio_requests_total{reporter="source",source_workload_namespace!="user1-sockshop",destination_service_namespace="user1-sockshop"}[1m]))',
    );
  });

  it('quotes the namespace as a PromQL string', () => {
    expect(trafficGraphQuery('a"b', '5m')).toContain(
      'destination_workload_namespace="a\\"b"',
    );
  });
});
