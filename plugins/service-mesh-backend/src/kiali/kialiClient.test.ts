import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { kialiFixture } from '@service-mesh/plugin-service-mesh-common/testUtils';
import {
  serviceHealthFromRequests,
  workloadHealthFromRequests,
} from '@service-mesh/plugin-service-mesh-common';
import { KialiClient, KialiSettings } from './kialiClient';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base = 'http://kiali.test/kiali';
const settings = (overrides: Partial<KialiSettings> = {}): KialiSettings => ({
  url: base,
  strategy: 'openshift',
  token: 'kiali-secret-token',
  tls: {},
  timeoutMs: 1000,
  rateInterval: '1m',
  clusterName: 'openshift',
  configKey: 'serviceMesh.clusters[openshift].kiali',
  ...overrides,
});

type Health = Record<string, unknown>;
interface FakeKiali {
  /** The /api/status document (a recorded one, or one with this version). */
  status: unknown;
  authInfo?: unknown;
  config?: unknown;
  services?: Health;
  workloads?: Health;
  /** Checks each authenticated request; answers 401 when false. */
  authorized?: (request: Request) => boolean;
  calls?: string[];
}

const statusOf = (version: string) => ({
  status: { 'Kiali version': version, 'Kiali state': 'running' },
});
const bearer = (request: Request) =>
  request.headers.get('authorization') === 'Bearer kiali-secret-token';

/** A Kiali answering on the routes of its version, as real ones do. */
function fakeKiali(fake: FakeKiali) {
  const version = (fake.status as any).status['Kiali version'] as string;
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const clustersApi = major > 1 || minor >= 82;
  const authorized = fake.authorized ?? bearer;
  const guarded =
    (name: string, answer: (url: URL) => unknown) =>
    ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      fake.calls?.push(`${name} ${url.search}`.trim());
      if (!authorized(request))
        return new HttpResponse('Unauthorized', { status: 401 });
      return HttpResponse.json(answer(url) as any);
    };
  const byType = (url: URL) =>
    (url.searchParams.get('type') === 'workload'
      ? fake.workloads
      : fake.services) ?? {};
  server.use(
    http.get(`${base}/api/auth/info`, () =>
      HttpResponse.json(
        (fake.authInfo ?? { strategy: 'openshift', sessionInfo: {} }) as any,
      ),
    ),
    http.get(
      `${base}/api/status`,
      guarded('status', () => fake.status),
    ),
    http.get(
      `${base}/api/config`,
      guarded('config', () => fake.config ?? {}),
    ),
    clustersApi
      ? http.get(
          `${base}/api/clusters/health`,
          guarded('health', url => {
            const ns = url.searchParams.get('namespaces')!;
            const key =
              url.searchParams.get('type') === 'workload'
                ? 'namespaceWorkloadHealth'
                : 'namespaceServiceHealth';
            return { [key]: { [ns]: byType(url) } };
          }),
        )
      : http.get(
          `${base}/api/namespaces/:ns/health`,
          guarded('health', byType),
        ),
  );
}

const statuses = (health: Record<string, { status: string }>) =>
  Object.fromEntries(Object.entries(health).map(([k, v]) => [k, v.status]));

describe('KialiClient on responses recorded from real Kiali servers', () => {
  const recordedStatuses = [
    'cp/kiali-dev/general/status.json',
    'cp/kiali-backend/config/status.v1.73.0-SNAPSHOT.json',
    'cp/kiali-backend/config/status.v1.86.0-SNAPSHOT.json',
  ];

  it.each(recordedStatuses)(
    'reads bookinfo from a Kiali whose /api/status is %s',
    async statusFile => {
      const calls: string[] = [];
      fakeKiali({
        status: kialiFixture(statusFile),
        services: kialiFixture('cp/kiali-dev/bookinfo/health/service.json'),
        workloads: kialiFixture('cp/kiali-dev/bookinfo/health/workload.json'),
        calls,
      });
      const health = await new KialiClient(settings()).namespaceHealth(
        'bookinfo',
      );
      expect(statuses(health.services)).toEqual({
        details: 'Healthy',
        productpage: 'Healthy',
        ratings: 'Healthy',
        reviews: 'Healthy',
      });
      expect(health.services.ratings).toEqual({
        status: 'Healthy',
        source: 'tolerances',
        errorRatio: 0,
        requestRate: 0.76,
        reason: '0.00% errors, below every threshold',
      });
      expect(statuses(health.workloads)).toEqual({
        'details-v1': 'Healthy',
        'kiali-traffic-generator': 'Healthy',
        'productpage-v1': 'Healthy',
        'ratings-v1': 'Healthy',
        'reviews-v1': 'Healthy',
        'reviews-v2': 'Healthy',
        'reviews-v3': 'Healthy',
      });
      // the traffic generator has no requests, its pods decide
      expect(health.workloads['kiali-traffic-generator'].reason).toBe(
        'pods: 1 of 1 pod available',
      );
      const v186 = statusFile.includes('1.86');
      expect(calls).toEqual([
        'status',
        'config',
        v186
          ? 'health ?type=service&rateInterval=1m&namespaces=bookinfo'
          : 'health ?type=service&rateInterval=1m',
        v186
          ? 'health ?type=workload&rateInterval=1m&namespaces=bookinfo'
          : 'health ?type=workload&rateInterval=1m',
      ]);
    },
  );

  it('reads the recorded istio-system: gateways and unmeshed workloads (syncedProxies -1) are judged by their pods, services without traffic have no health', async () => {
    fakeKiali({
      status: kialiFixture('cp/kiali-dev/general/status.json'),
      services: kialiFixture('cp/kiali-dev/istio-system/health/service.json'),
      workloads: kialiFixture('cp/kiali-dev/istio-system/health/workload.json'),
    });
    const health = await new KialiClient(settings()).namespaceHealth(
      'istio-system',
    );
    expect(new Set(Object.values(statuses(health.services)))).toEqual(
      new Set(['NA']),
    );
    expect(health.services['istio-ingressgateway'].reason).toBe(
      'no requests in the rate interval',
    );
    expect(new Set(Object.values(statuses(health.workloads)))).toEqual(
      new Set(['Healthy']),
    );
    expect(Object.keys(health.workloads)).toHaveLength(7);
  });

  it.each([
    [
      'travel-agency',
      {
        cars: 'Healthy',
        discounts: 'Healthy',
        flights: 'Healthy',
        hotels: 'Healthy',
        insurances: 'Healthy',
        mysqldb: 'NA',
        travels: 'Healthy',
      },
    ],
    ['travel-portal', { travels: 'NA', viaggi: 'NA', voyages: 'NA' }],
  ])('reads the recorded %s services', async (namespace, expected) => {
    fakeKiali({
      status: kialiFixture('cp/kiali-dev/general/status.json'),
      services: kialiFixture(`cp/kiali-dev/${namespace}/health/service.json`),
    });
    const health = await new KialiClient(settings()).namespaceHealth(namespace);
    expect(statuses(health.services)).toEqual(expected);
  });

  it('reads the health asserted by Kiali 1.73.22’s own test (TestGetNamespaceServiceHealthWithNA)', async () => {
    const { _source, ...services } = kialiFixture(
      'kiali-repo/tutorial.service-health.v1.73.22.json',
    );
    fakeKiali({ status: statusOf('v1.73.22'), services });
    const health = await new KialiClient(settings()).namespaceHealth(
      'tutorial',
    );
    expect(health.services.reviews.status).toBe('NA');
    // gRPC code 7 (PERMISSION_DENIED) is 9.09% of httpbin's gRPC requests:
    // above the 0% degraded threshold, below the 10% failure one; its 404s
    // are 9.09% of HTTP, below the 10% of 4xx
    expect(health.services.httpbin).toMatchObject({
      status: 'Degraded',
      violation: {
        protocol: 'grpc',
        codeClass: 'gRPC errors (codes 1-16)',
        percent: 9.09,
        threshold: 0,
        level: 'degraded',
      },
    });
  });

  it('gives Kiali’s answer for every shape Kiali’s code emits (model-derived fixture)', async () => {
    const { _source, ...services } = kialiFixture(
      'kiali-repo/model-derived.service-health.json',
    );
    fakeKiali({ status: statusOf('v1.73.22'), services });
    const health = await new KialiClient(settings()).namespaceHealth('shop');
    expect(statuses(health.services)).toEqual({
      'grpc-ok': 'Healthy',
      'grpc-unavailable': 'Failure',
      'grpc-unavailable-4pct': 'Degraded',
      'mixed-protocols': 'Failure',
      'http-4xx-20pct': 'Failure',
      'http-5xx-plus-no-response': 'Degraded',
      'http-dilution-by-grpc': 'Failure',
      'annotated-4xx-tolerance': 'Healthy',
    });
    expect(health.services['annotated-4xx-tolerance'].reason).toBe(
      '20.00% errors, below every threshold',
    );
  });
});

describe('the health embedded in recorded real Kiali lists', () => {
  it.each([
    'cp/kiali-dev/bookinfo/workloads.json',
    'cp/kiali-dev/bookinfo/workloads.istioAmbient.json',
    'cp/kiali-dev/istio-system/workloads.excerpt.json',
  ])('gives every workload of %s the word Kiali shows: Healthy', file => {
    const { workloads } = kialiFixture(file);
    const words = workloads.map((w: any) => [
      w.name,
      workloadHealthFromRequests(w.health, {
        namespace: 'bookinfo',
        name: w.name,
      }).status,
    ]);
    expect(words.length).toBeGreaterThan(3);
    expect(new Set(words.map(([, word]: string[]) => word))).toEqual(
      new Set(['Healthy']),
    );
  });

  it('gives every service of the recorded bookinfo list Healthy, with its own rate', () => {
    const { services } = kialiFixture('cp/kiali-dev/bookinfo/services.json');
    for (const service of services) {
      const health = serviceHealthFromRequests(service.health.requests, {
        namespace: 'bookinfo',
        name: service.name,
      });
      expect(health.status).toBe('Healthy');
      expect(health.requestRate).toBeGreaterThan(0);
    }
  });
});

describe('KialiClient version lines', () => {
  const grpcDegraded = {
    'grpc-svc': {
      requests: {
        inbound: { grpc: { '0': 100, '14': 4 } },
        outbound: {},
        healthAnnotations: {},
      },
    },
  };

  it.each(['v1.73.22', 'v1.82.0', 'v2.4.5', 'v2.21.0'])(
    'computes the health from the rates on %s',
    async version => {
      fakeKiali({ status: statusOf(version), services: grpcDegraded });
      const health = await new KialiClient(settings()).namespaceHealth('shop');
      expect(health.services['grpc-svc']).toMatchObject({
        status: 'Degraded',
        source: 'tolerances',
      });
    },
  );

  it('takes Kiali 2.22’s own status, Not Ready included', async () => {
    fakeKiali({
      status: statusOf('v2.22.0'),
      services: {
        'grpc-svc': {
          ...grpcDegraded['grpc-svc'],
          status: {
            status: 'Failure',
            errorRatio: 3.85,
            totalRequestRate: 104,
          },
        },
      },
      workloads: {
        'grpc-svc-v1': {
          workloadStatus: {
            name: 'grpc-svc-v1',
            desiredReplicas: 0,
            currentReplicas: 0,
            availableReplicas: 0,
            syncedProxies: -1,
          },
          requests: { inbound: {}, outbound: {}, healthAnnotations: {} },
          status: { status: 'Not Ready', errorRatio: -1, totalRequestRate: 0 },
        },
      },
    });
    const health = await new KialiClient(settings()).namespaceHealth('shop');
    expect(health.services['grpc-svc']).toEqual({
      status: 'Failure',
      source: 'kiali',
      errorRatio: 3.85,
      requestRate: 104,
      reason: 'computed by Kiali (3.85% errors)',
    });
    expect(health.workloads['grpc-svc-v1'].status).toBe('Not Ready');
  });

  it('says Kiali 2.22+ has no health yet when it answers {<ns>: {}} right after it starts', async () => {
    fakeKiali({ status: statusOf('v2.22.1') });
    const now = new Date('2026-12-03T16:30:00Z');
    const health = await new KialiClient(settings()).namespaceHealth(
      'shop',
      now,
    );
    expect(health).toEqual({
      services: {},
      workloads: {},
      noHealthYetAt: '2026-12-03T16:30:00.000Z',
    });
  });

  it('uses the tolerances Kiali sends in /api/config, unless some are configured here', async () => {
    const strict = {
      healthConfig: {
        rate: [
          {
            namespace: 'shop',
            kind: 'service',
            name: '.*',
            tolerance: [
              {
                code: '^[1-9]$|^1[0-6]$',
                protocol: 'grpc',
                direction: '.*',
                degraded: 1,
                failure: 3,
              },
            ],
          },
        ],
      },
    };
    fakeKiali({
      status: statusOf('v1.73.22'),
      config: strict,
      services: grpcDegraded,
    });
    expect(
      (await new KialiClient(settings()).namespaceHealth('shop')).services[
        'grpc-svc'
      ],
    ).toMatchObject({
      status: 'Failure',
      violation: { threshold: 3, tolerance: 'configured' },
    });
    const lenient = new KialiClient(
      settings({
        healthRates: [
          { tolerance: [{ code: '^14$', degraded: 5, failure: 50 }] },
        ],
      }),
    );
    expect(
      (await lenient.namespaceHealth('shop')).services['grpc-svc'].status,
    ).toBe('Healthy');
  });
});

describe('KialiClient login strategies', () => {
  const services = kialiFixture('cp/kiali-dev/bookinfo/health/service.json');

  it('reads an anonymous Kiali (recorded auth info) without credentials, whatever strategy is configured', async () => {
    for (const strategy of ['anonymous', 'token', 'openshift'] as const) {
      const seen: Array<string | null> = [];
      fakeKiali({
        status: kialiFixture('cp/kiali-dev/general/status.json'),
        authInfo: kialiFixture('cp/kiali-dev/general/auth_info_anonymous.json'),
        services,
        authorized: request => {
          seen.push(
            request.headers.get('authorization') ??
              request.headers.get('cookie'),
          );
          return true;
        },
      });
      const health = await new KialiClient(
        settings({ strategy }),
      ).namespaceHealth('bookinfo');
      expect(health.services.details.status).toBe('Healthy');
      expect(new Set(seen)).toEqual(new Set([null]));
    }
  });

  it('logs in with the token strategy (recorded auth info and login answer), keeps the cookie chunks and logs in again when Kiali refuses them', async () => {
    let logins = 0;
    let valid =
      'kiali-token-chunks=2; kiali-token-aes-1=part-a; kiali-token-aes-2=part-b';
    fakeKiali({
      status: kialiFixture('cp/kiali-dev/general/status.json'),
      authInfo: kialiFixture('cp/kiali-backend/config/auth_info.json'),
      services,
      authorized: request =>
        (request.headers.get('cookie') ?? '').includes(valid),
    });
    const authenticated = kialiFixture(
      'cp/kiali-backend/config/authenticated.json',
    );
    server.use(
      http.post(`${base}/api/authenticate`, async ({ request }) => {
        logins += 1;
        expect(await request.text()).toBe('token=kiali-secret-token');
        const headers = new Headers();
        // Kiali clears the single cookie and sets the token in chunks
        headers.append(
          'Set-Cookie',
          'kiali-token-aes=; Path=/; Max-Age=0; HttpOnly',
        );
        for (const cookie of valid.split('; '))
          headers.append('Set-Cookie', `${cookie}; Path=/; HttpOnly`);
        return HttpResponse.json(
          {
            ...authenticated,
            expiresOn: new Date(Date.now() + 3600_000).toISOString(),
          },
          { headers },
        );
      }),
    );
    const client = new KialiClient(settings({ strategy: 'token' }));
    await client.namespaceHealth('bookinfo');
    await client.namespaceHealth('bookinfo');
    expect(logins).toBe(1);
    valid = 'kiali-token-chunks=1; kiali-token-aes-1=rotated';
    expect(
      (await client.namespaceHealth('bookinfo')).services.details.status,
    ).toBe('Healthy');
    expect(logins).toBe(2);
  });

  it.each([
    ['openshift', 'token'],
    ['token', 'openshift'],
    ['anonymous', 'openshift'],
  ] as const)(
    'says so when %s is configured but Kiali uses %s',
    async (configured, actual) => {
      fakeKiali({
        status: statusOf('v1.73.22'),
        authInfo: { strategy: actual, sessionInfo: {} },
      });
      await expect(
        new KialiClient(settings({ strategy: configured })).namespaceHealth(
          'bookinfo',
        ),
      ).rejects.toThrow(
        `Kiali uses the ${actual} strategy but serviceMesh.clusters[openshift].kiali.strategy is ${configured}: set it to ${actual}`,
      );
    },
  );

  it('names a strategy it cannot log in with', async () => {
    fakeKiali({
      status: statusOf('v1.73.22'),
      authInfo: { strategy: 'openid', sessionInfo: {} },
    });
    await expect(
      new KialiClient(settings()).namespaceHealth('bookinfo'),
    ).rejects.toThrow(
      'Kiali uses the openid strategy; this plugin logs in with openshift, token or anonymous only',
    );
  });

  it('reports a refused request without leaking the token', async () => {
    fakeKiali({ status: statusOf('v1.73.22'), authorized: () => false });
    const failure = new KialiClient(settings()).namespaceHealth('bookinfo');
    await expect(failure).rejects.toThrow(
      'Kiali answered HTTP 401 for /api/status',
    );
    await expect(failure).rejects.not.toThrow(/kiali-secret-token/);
  });
});

describe('KialiClient and multi-cluster Kiali', () => {
  const services = kialiFixture('cp/kiali-dev/bookinfo/health/service.json');

  it('sends clusterName only when Kiali manages more than one cluster', async () => {
    const calls: string[] = [];
    fakeKiali({
      status: statusOf('v2.4.5'),
      config: { clusters: [{ name: 'east' }, { name: 'openshift' }] },
      services,
      calls,
    });
    await new KialiClient(settings()).namespaceHealth('bookinfo');
    expect(calls.filter(c => c.startsWith('health'))).toEqual([
      'health ?type=service&rateInterval=1m&clusterName=openshift&namespaces=bookinfo',
      'health ?type=workload&rateInterval=1m&clusterName=openshift&namespaces=bookinfo',
    ]);

    const single: string[] = [];
    fakeKiali({
      status: statusOf('v1.73.22'),
      config: {
        clusters: { Kubernetes: { name: 'Kubernetes', isKialiHome: true } },
      },
      services,
      calls: single,
    });
    await new KialiClient(settings()).namespaceHealth('bookinfo');
    expect(single.filter(c => c.includes('clusterName'))).toEqual([]);
  });

  it('names the clusters when this one is not among them', async () => {
    fakeKiali({
      status: statusOf('v2.4.5'),
      config: { clusters: { east: { name: 'east' }, west: { name: 'west' } } },
      services,
    });
    await expect(
      new KialiClient(settings()).namespaceHealth('bookinfo'),
    ).rejects.toThrow(
      'Kiali manages the clusters east, west, none named openshift: set serviceMesh.clusters[openshift].kiali.clusterName to the one this is',
    );
  });
});
