import {
  kialiComputedHealth,
  noHealthYet,
  serviceHealthFromRequests,
  workloadHealthFromRequests,
} from './kialiHealth';
import { HealthRateRule } from './tolerances';

const ns = { namespace: 'test', name: 'my-service' };
const inbound = (rates: Record<string, Record<string, number>>) => ({
  inbound: rates,
  outbound: {},
  healthAnnotations: {},
});

/** The rules of setupTestConfig() in Kiali's business/health_calculator_test.go (master). */
const kialiTestRules: HealthRateRule[] = [
  {
    namespace: 'production',
    kind: 'workload',
    name: 'critical-.*',
    tolerance: [
      {
        code: '5XX',
        protocol: 'http',
        direction: 'inbound',
        degraded: 1,
        failure: 5,
      },
    ],
  },
  {
    tolerance: [
      {
        code: '5XX',
        protocol: 'http',
        direction: '.*',
        degraded: 10,
        failure: 20,
      },
      {
        code: '4XX',
        protocol: 'http',
        direction: '.*',
        degraded: 10,
        failure: 20,
      },
      {
        code: '^[1-9]$|^1[0-6]$',
        protocol: 'grpc',
        direction: '.*',
        degraded: 10,
        failure: 20,
      },
    ],
  },
];
const withKialiTestRules = { ...ns, rules: kialiTestRules };

describe('service health with the rules of Kiali’s calculator tests', () => {
  it.each([
    ['2% 5xx', 'Healthy', { http: { '200': 100, '500': 2 } }],
    ['~13% 5xx', 'Degraded', { http: { '200': 100, '500': 15 } }],
    ['~23% 5xx', 'Failure', { http: { '200': 100, '500': 30 } }],
    ['no traffic', 'NA', {}],
    ['gRPC UNAVAILABLE ~13%', 'Degraded', { grpc: { '0': 100, '14': 15 } }],
    ['4xx 20%', 'Failure', { http: { '200': 100, '404': 25 } }],
    [
      'mixed: HTTP 5% and gRPC 13%',
      'Degraded',
      { http: { '200': 100, '500': 5 }, grpc: { '0': 100, '14': 15 } },
    ],
  ])('%s is %s', (_case, expected, rates) => {
    expect(
      serviceHealthFromRequests(inbound(rates), withKialiTestRules).status,
    ).toBe(expected);
  });

  it('applies a stricter health.kiali.io/rate annotation (TestCalculateWithAnnotationOverride)', () => {
    const requests = inbound({ http: { '200': 100, '500': 3 } });
    expect(serviceHealthFromRequests(requests, withKialiTestRules).status).toBe(
      'Healthy',
    );
    const annotated = {
      ...requests,
      healthAnnotations: { 'health.kiali.io/rate': '5xx,2,5,http,inbound' },
    };
    const health = serviceHealthFromRequests(annotated, withKialiTestRules);
    expect(health.status).toBe('Degraded');
    expect(health.violation).toMatchObject({
      codes: '5xx',
      threshold: 2,
      level: 'degraded',
      tolerance: 'annotation',
    });
  });

  it('reports the error ratio of the deciding class (TestCalculateReturnsErrorRatio)', () => {
    const health = serviceHealthFromRequests(
      inbound({ http: { '200': 85, '500': 15 } }),
      withKialiTestRules,
    );
    expect(health.errorRatio).toBeCloseTo(15, 1);
  });

  it('sums inbound and outbound for a service, as the UI before 2.22 does', () => {
    // Kiali 2.22's backend calculator judges each direction (outbound 20%:
    // Failure, TestCalculateOutboundTraffic); the UI of 1.73 to 2.21 judges
    // the sum, 25 errors in 225 requests: 11% is Degraded.
    const health = serviceHealthFromRequests(
      {
        inbound: { http: { '200': 100 } },
        outbound: { http: { '200': 100, '500': 25 } },
      },
      withKialiTestRules,
    );
    expect(health.status).toBe('Degraded');
    expect(health.violation?.percent).toBe(11.11);
  });
});

describe('workload health with the rules of Kiali’s calculator tests', () => {
  const pods = (available: number, synced = available) => ({
    desiredReplicas: 3,
    currentReplicas: 3,
    availableReplicas: available,
    syncedProxies: synced,
  });

  it('is Degraded when 1 of 3 pods is available, whatever the traffic', () => {
    const health = workloadHealthFromRequests(
      {
        workloadStatus: pods(1),
        requests: inbound({ http: { '200': 100 } }),
      },
      withKialiTestRules,
    );
    expect(health.status).toBe('Degraded');
    expect(health.reason).toBe('pods: 1 of 3 pods available');
  });

  it('is Failure without an available pod', () => {
    expect(
      workloadHealthFromRequests(
        { workloadStatus: pods(0), requests: {} },
        withKialiTestRules,
      ).status,
    ).toBe('Failure');
  });

  it('is Not Ready when scaled to zero', () => {
    const health = workloadHealthFromRequests(
      {
        workloadStatus: {
          desiredReplicas: 0,
          currentReplicas: 0,
          availableReplicas: 0,
          syncedProxies: -1,
        },
      },
      withKialiTestRules,
    );
    expect(health).toMatchObject({
      status: 'Not Ready',
      reason: 'pods: scaled to 0 pods',
    });
  });

  it('is Degraded when proxies are not synced', () => {
    expect(
      workloadHealthFromRequests(
        { workloadStatus: pods(3, 2) },
        withKialiTestRules,
      ).status,
    ).toBe('Degraded');
  });

  it('uses the rule for critical workloads in production (TestCalculateCriticalWorkloadWithStricterConfig)', () => {
    const health = {
      workloadStatus: {
        desiredReplicas: 2,
        currentReplicas: 2,
        availableReplicas: 2,
        syncedProxies: 2,
      },
      requests: inbound({ http: { '200': 100, '500': 2 } }),
    };
    expect(
      workloadHealthFromRequests(health, {
        namespace: 'test',
        name: 'regular-workload',
        rules: kialiTestRules,
      }).status,
    ).toBe('Healthy');
    expect(
      workloadHealthFromRequests(health, {
        namespace: 'production',
        name: 'critical-api',
        rules: kialiTestRules,
      }),
    ).toMatchObject({
      status: 'Degraded',
      violation: {
        threshold: 1,
        tolerance: 'configured',
        direction: 'inbound',
      },
    });
  });

  it('judges the outbound traffic with outbound tolerances only', () => {
    const rules: HealthRateRule[] = [
      {
        tolerance: [
          {
            code: '5XX',
            protocol: 'http',
            direction: 'inbound',
            degraded: 0,
            failure: 10,
          },
        ],
      },
    ];
    const health = workloadHealthFromRequests(
      {
        requests: {
          inbound: { http: { '200': 100 } },
          outbound: { http: { '200': 50, '503': 50 } },
        },
      },
      { ...ns, rules },
    );
    // no tolerance applies outbound, so its 50% 5xx count for nothing
    expect(health.status).toBe('Healthy');
  });
});

describe('service health with Kiali’s default tolerances', () => {
  const status = (rates: Record<string, Record<string, number>>) =>
    serviceHealthFromRequests(inbound(rates), ns);

  it('counts gRPC code 0 as success and 1-16 as errors', () => {
    expect(status({ grpc: { '0': 10 } }).status).toBe('Healthy');
    const degraded = serviceHealthFromRequests(
      inbound({ grpc: { '0': 100, '14': 4 } }),
      ns,
    );
    expect(degraded.status).toBe('Degraded');
    expect(degraded.reason).toBe(
      '3.85% of gRPC requests are gRPC errors (codes 1-16): degraded from 0% (default tolerance)',
    );
    expect(status({ grpc: { '0': 100, '14': 15 } }).status).toBe('Failure');
    expect(status({ grpc: { '0': 100, '16': 1 } }).status).toBe('Degraded');
    expect(status({ grpc: { '0': 100, '17': 50 } }).status).toBe('Healthy');
  });

  it('judges each code class against its own thresholds', () => {
    expect(status({ http: { '200': 100 } }).status).toBe('Healthy');
    expect(status({ http: { '200': 999, '500': 1 } }).status).toBe('Degraded');
    expect(status({ http: { '200': 90, '503': 10 } }).status).toBe('Failure');
    expect(status({ http: { '200': 95, '404': 5 } }).status).toBe('Healthy');
    expect(status({ http: { '200': 90, '404': 10 } }).status).toBe('Degraded');
    expect(status({ http: { '200': 80, '404': 20 } }).status).toBe('Failure');
    expect(status({ http: { '200': 90, '302': 10 } }).status).toBe('Healthy');
    expect(status({ http: { '200': 99, '-': 1 } }).status).toBe('Degraded');
    expect(status({ http: { '200': 85, '-': 15 } }).status).toBe('Failure');
    expect(status({ grpc: { '0': 85, '-': 15 } }).status).toBe('Failure');
  });

  it('does not pool 5xx with no response, nor protocols with each other', () => {
    // 6% 5xx and 6% "-": each is Degraded; pooled they would be 12%, Failure
    expect(status({ http: { '200': 88, '503': 6, '-': 6 } }).status).toBe(
      'Degraded',
    );
    // 10% of HTTP is 5xx: Failure, though it is 1% of all requests
    const diluted = status({
      http: { '200': 9, '503': 1 },
      grpc: { '0': 90 },
    });
    expect(diluted.status).toBe('Failure');
    expect(diluted.violation).toMatchObject({
      protocol: 'http',
      codeClass: '5xx',
      percent: 10,
      threshold: 10,
      level: 'failure',
    });
  });

  it('lets a service annotated to tolerate 20% 4xx stay Healthy', () => {
    const requests = {
      inbound: { http: { '200': 80, '404': 20 } },
      healthAnnotations: { 'health.kiali.io/rate': '4XX,30,40,http,inbound' },
    };
    expect(serviceHealthFromRequests(requests, ns).status).toBe('Healthy');
    expect(
      serviceHealthFromRequests({ ...requests, healthAnnotations: {} }, ns)
        .status,
    ).toBe('Failure');
  });

  it('ignores an invalid annotation, as Kiali does', () => {
    for (const value of ['4XX,30,40,http', '4XX,50,40,http,inbound', 'x']) {
      expect(
        serviceHealthFromRequests(
          {
            inbound: { http: { '200': 80, '404': 20 } },
            healthAnnotations: { 'health.kiali.io/rate': value },
          },
          ns,
        ).status,
      ).toBe('Failure');
    }
  });

  it('takes the first configured rule that matches namespace, kind and name', () => {
    const rules: HealthRateRule[] = [
      {
        namespace: 'other',
        tolerance: [{ code: '5XX', degraded: 50, failure: 60 }],
      },
      {
        kind: 'service',
        name: '^my-',
        tolerance: [{ code: '5XX', degraded: 20, failure: 30 }],
      },
    ];
    const health = serviceHealthFromRequests(
      inbound({ http: { '200': 85, '500': 15 } }),
      { ...ns, rules },
    );
    expect(health).toMatchObject({
      status: 'Healthy',
      errorRatio: 15,
    });
    expect(
      serviceHealthFromRequests(inbound({ http: { '200': 75, '500': 25 } }), {
        ...ns,
        rules,
      }).violation,
    ).toMatchObject({ threshold: 20, tolerance: 'configured' });
  });
});

describe('Kiali 2.22+ status', () => {
  it.each(['Healthy', 'Degraded', 'Failure', 'Not Ready', 'NA'])(
    'takes %s as Kiali sends it',
    word => {
      expect(
        kialiComputedHealth({
          status: { status: word, errorRatio: -1, totalRequestRate: 0 },
          requests: inbound({ http: { '200': 1 } }),
        }),
      ).toMatchObject({ status: word, source: 'kiali' });
    },
  );

  it('keeps Kiali’s word even when the rates would say otherwise', () => {
    const health = kialiComputedHealth({
      status: { status: 'Not Ready', errorRatio: 0, totalRequestRate: 2.5 },
      requests: inbound({ http: { '200': 2.5 } }),
    });
    expect(health).toEqual({
      status: 'Not Ready',
      source: 'kiali',
      errorRatio: 0,
      requestRate: 2.5,
      reason: 'computed by Kiali (0.00% errors)',
    });
  });

  it('reads a bare word too, and says so when the word is unknown', () => {
    expect(kialiComputedHealth({ status: 'Degraded' })?.status).toBe(
      'Degraded',
    );
    expect(kialiComputedHealth({ status: 'Sleepy' })).toMatchObject({
      status: 'NA',
      reason: 'Kiali sent a status this plugin does not know: Sleepy',
    });
    expect(kialiComputedHealth({ requests: {} })).toBeUndefined();
  });

  it('says when Kiali has no health yet', () => {
    expect(noHealthYet('2026-12-03T10:00:00.000Z')).toEqual({
      status: 'NA',
      source: 'kiali',
      reason: 'Kiali has no health yet',
      noHealthYetAt: '2026-12-03T10:00:00.000Z',
    });
  });
});
