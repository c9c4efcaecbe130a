import { computeFindings } from './findings';
import {
  HttpRouteRule,
  MeshStatus,
  ServiceStatus,
  WorkloadStatus,
} from './meshStatus';

const ambientWorkload = (name: string, version: string): WorkloadStatus => ({
  name,
  kind: 'Deployment',
  version,
  labels: { app: 'web', version },
  replicas: 1,
  readyPods: 1,
  podsWithSidecar: 0,
  sidecar: 'missing',
  injectionRequested: false,
  dataplane: 'ambient',
});

const httpRoute = (
  destinations: Partial<HttpRouteRule['destinations'][number]>[] = [
    { host: 'web-v1', version: 'v1', weight: 80 },
    { host: 'web-v2', version: 'v2', weight: 20 },
  ],
): HttpRouteRule => ({
  kind: 'HTTPRoute',
  httpRoute: 'web-canary',
  namespace: 'shop',
  hostnames: [],
  parentRefs: [{ kind: 'Service', name: 'web' }],
  ruleIndex: 0,
  destinations: destinations.map(d => ({
    host: 'web',
    weight: 100,
    subsetDefined: true,
    serviceFound: true,
    matchingPods: 1,
    ...d,
  })),
});

const web = (overrides: Partial<ServiceStatus> = {}): ServiceStatus => ({
  name: 'web',
  workloads: [ambientWorkload('web-v1', 'v1'), ambientWorkload('web-v2', 'v2')],
  routes: [],
  httpRoutes: [httpRoute()],
  subsets: [],
  ...overrides,
});

const status = (
  overrides: Partial<Omit<MeshStatus, 'findings'>> = {},
): Omit<MeshStatus, 'findings'> => ({
  entity: { kind: 'component', namespace: 'default', name: 'web' },
  cluster: 'local',
  namespace: 'shop',
  generatedAt: '2026-12-06T00:00:00Z',
  controlPlane: {
    flavour: 'sail',
    name: 'default',
    namespace: 'istio-system',
    revision: 'default',
    ready: true,
    components: [],
  },
  membership: {
    namespace: 'shop',
    member: true,
    controlPlaneNamespace: 'istio-system',
    via: 'istio-injection-label',
    revision: 'default',
    dataplaneMode: 'ambient',
    waypoint: 'waypoint',
  },
  services: [web()],
  links: {},
  sources: {
    kubernetes: { state: 'ok' },
    kiali: { state: 'not-configured' },
    prometheus: { state: 'not-configured' },
  },
  ...overrides,
});

const codes = (s: Omit<MeshStatus, 'findings'>) =>
  computeFindings(s).map(f => f.code);

describe('computeFindings for OSSM 3 / Sail, ambient and Gateway API', () => {
  it('finds nothing wrong with an ambient 80/20 HTTPRoute canary behind a waypoint', () => {
    expect(computeFindings(status())).toEqual([]);
  });

  it('reports no sidecar finding for ambient workloads', () => {
    expect(codes(status())).not.toContain('sidecar-missing');
  });

  it('reports an HTTPRoute backend Service that does not exist, as an error', () => {
    const findings = computeFindings(
      status({
        services: [
          web({
            httpRoutes: [
              httpRoute([
                { host: 'web-v1', weight: 80 },
                {
                  host: 'web-v3',
                  weight: 20,
                  serviceFound: false,
                  matchingPods: 0,
                },
              ]),
            ],
          }),
        ],
      }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'httproute-backend-missing',
        severity: 'error',
        object: { kind: 'HTTPRoute', namespace: 'shop', name: 'web-canary' },
        message: expect.stringContaining('Service web-v3'),
      }),
    ]);
  });

  it('reports a parent Gateway of an HTTPRoute that does not exist, not one of another namespace', () => {
    const rule = httpRoute();
    rule.parentRefs = [
      { kind: 'Gateway', name: 'gone', found: false },
      { kind: 'Gateway', name: 'shared', namespace: 'ingress' },
    ];
    const findings = computeFindings(
      status({ services: [web({ httpRoutes: [rule] })] }),
    );
    expect(findings.map(f => [f.code, f.severity])).toEqual([
      ['httproute-parent-missing', 'error'],
    ]);
    expect(findings[0].message).toContain('Gateway gone');
  });

  it('reports an HTTPRoute backend without ready pods, unless it takes no traffic', () => {
    const backend = (weight: number) =>
      status({
        services: [
          web({
            httpRoutes: [
              httpRoute([
                { host: 'web-v1', weight: 100 - weight },
                { host: 'web-v2', weight, matchingPods: 0 },
              ]),
            ],
          }),
        ],
      });
    expect(codes(backend(20))).toEqual(['httproute-backend-without-pods']);
    expect(codes(backend(0))).toEqual([]);
  });

  it('reports L7 configuration in an ambient namespace without a waypoint', () => {
    const noWaypoint = {
      ...status().membership,
      waypoint: undefined,
    };
    const findings = computeFindings(
      status({
        membership: noWaypoint,
        services: [web({ l7AuthorizationPolicies: ['web-get-only'] })],
      }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'ambient-l7-without-waypoint',
        service: 'web',
        message: expect.stringContaining(
          'HTTPRoute web-canary, AuthorizationPolicy web-get-only',
        ),
      }),
    ]);
    expect(
      codes(
        status({
          membership: noWaypoint,
          services: [
            web({
              workloads: [
                { ...ambientWorkload('web-v1', 'v1'), waypoint: 'web-wp' },
              ],
            }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('reports a waypoint whose Gateway does not exist, and not one it could not check', () => {
    const missing = computeFindings(
      status({ membership: { ...status().membership, waypointFound: false } }),
    );
    expect(missing.map(f => f.code)).toEqual(['waypoint-not-found']);
    expect(missing[0].message).toContain('waypoint waypoint');
    expect(codes(status())).toEqual([]);
  });

  it('reports a namespace labelled for a revision that no control plane serves', () => {
    const findings = computeFindings(
      status({
        controlPlane: undefined,
        membership: { ...status().membership, revision: 'canary' },
      }),
    );
    expect(findings[0]).toMatchObject({
      code: 'revision-not-found',
      severity: 'error',
    });
  });

  it('reports a service routed by both a VirtualService and an HTTPRoute', () => {
    const findings = computeFindings(
      status({
        services: [
          web({
            routes: [
              {
                virtualService: 'web',
                namespace: 'shop',
                hosts: ['web'],
                gateways: [],
                missingGateways: [],
                httpRouteIndex: 0,
                destinations: [
                  { host: 'web', weight: 100, subsetDefined: true },
                ],
              },
            ],
          }),
        ],
      }),
    );
    expect(findings.map(f => f.code)).toEqual(['host-routed-twice']);
    expect(findings[0].message).toContain(
      'VirtualService web and by HTTPRoute web-canary',
    );
  });

  it('reports a Maistra member namespace that also carries OSSM 3 labels', () => {
    const findings = computeFindings(
      status({
        controlPlane: {
          flavour: 'maistra',
          name: 'basic',
          namespace: 'istio-system',
          ready: true,
          components: [],
        },
        membership: {
          namespace: 'shop',
          member: true,
          controlPlaneNamespace: 'istio-system',
          via: 'member-of-label',
          revision: 'default',
          dataplaneMode: 'ambient',
          waypoint: 'waypoint',
        },
      }),
    );
    expect(findings.map(f => f.code)).toEqual([
      'maistra-member-with-istio-labels',
    ]);
    expect(findings[0].message).toContain(
      'istio.io/rev=default and istio.io/dataplane-mode=ambient',
    );
  });
});
