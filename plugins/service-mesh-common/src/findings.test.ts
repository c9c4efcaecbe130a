import { computeFindings } from './findings';
import {
  MeshStatus,
  ServiceStatus,
  TrafficRoute,
  WorkloadStatus,
} from './meshStatus';

const workload = (overrides: Partial<WorkloadStatus> = {}): WorkloadStatus => ({
  name: 'front-end',
  kind: 'Deployment',
  version: 'v1',
  labels: { app: 'front-end', version: 'v1' },
  replicas: 1,
  readyPods: 1,
  podsWithSidecar: 1,
  sidecar: 'injected',
  injectionRequested: true,
  ...overrides,
});

const route = (overrides: Partial<TrafficRoute> = {}): TrafficRoute => ({
  virtualService: 'front-end-virtualservice',
  namespace: 'user1-sockshop',
  hosts: ['front-end-user1-sockshop.apps.example.com'],
  gateways: ['sockshop-wildcard-gateway'],
  missingGateways: [],
  httpRouteIndex: 0,
  destinations: [
    {
      host: 'front-end',
      subset: 'v1',
      version: 'v1',
      weight: 80,
      subsetDefined: true,
      matchingPods: 1,
    },
    {
      host: 'front-end',
      subset: 'v2',
      version: 'v2',
      weight: 20,
      subsetDefined: true,
      matchingPods: 1,
    },
  ],
  ...overrides,
});

const service = (overrides: Partial<ServiceStatus> = {}): ServiceStatus => ({
  name: 'front-end',
  workloads: [
    workload(),
    workload({
      name: 'front-end-v2',
      version: 'v2',
      labels: { app: 'front-end', version: 'v2' },
    }),
  ],
  routes: [route()],
  subsets: [
    {
      destinationRule: 'front-end',
      name: 'v1',
      labels: { version: 'v1' },
      matchingPods: 1,
    },
    {
      destinationRule: 'front-end',
      name: 'v2',
      labels: { version: 'v2' },
      matchingPods: 1,
    },
  ],
  observed: { splitByVersion: { v1: 79, v2: 21 } },
  ...overrides,
});

const status = (
  overrides: Partial<Omit<MeshStatus, 'findings'>> = {},
): Omit<MeshStatus, 'findings'> => ({
  entity: { kind: 'system', namespace: 'default', name: 'sockshop' },
  cluster: 'local',
  namespace: 'user1-sockshop',
  generatedAt: '2026-11-25T00:00:00Z',
  controlPlane: {
    flavour: 'maistra',
    name: 'basic-install',
    namespace: 'user1-istio-system',
    ready: true,
    components: [],
  },
  membership: {
    namespace: 'user1-sockshop',
    member: true,
    controlPlaneNamespace: 'user1-istio-system',
    via: 'member-of-label',
  },
  services: [service()],
  links: {},
  sources: {
    kubernetes: { state: 'ok' },
    kiali: { state: 'ok' },
    prometheus: { state: 'ok' },
  },
  ...overrides,
});

const codes = (s: Omit<MeshStatus, 'findings'>) =>
  computeFindings(s).map(f => f.code);

describe('computeFindings', () => {
  it('finds nothing wrong with the guide’s healthy 80/20 canary', () => {
    expect(computeFindings(status())).toEqual([]);
  });

  it('reports weights that do not sum to 100 as an error naming the sum', () => {
    const bad = route({
      destinations: [
        {
          host: 'front-end',
          subset: 'v1',
          version: 'v1',
          weight: 50,
          subsetDefined: true,
        },
        {
          host: 'front-end',
          subset: 'v2',
          version: 'v2',
          weight: 40,
          subsetDefined: true,
        },
      ],
    });
    const [finding] = computeFindings(
      status({ services: [service({ routes: [bad], observed: undefined })] }),
    );
    expect(finding).toMatchObject({
      code: 'weights-not-100',
      severity: 'error',
      service: 'front-end',
    });
    expect(finding.message).toContain('sum to 90');
  });

  it('reports a route to a subset no DestinationRule defines', () => {
    const bad = route({
      destinations: [
        {
          host: 'front-end',
          subset: 'v1',
          version: 'v1',
          weight: 80,
          subsetDefined: true,
        },
        { host: 'front-end', subset: 'v3', weight: 20, subsetDefined: false },
      ],
    });
    const findings = computeFindings(
      status({ services: [service({ routes: [bad], observed: undefined })] }),
    );
    expect(findings.map(f => f.code)).toEqual(['undefined-subset']);
    expect(findings[0].message).toContain('subset v3 of front-end');
  });

  it('reports a subset that matches no pods', () => {
    const subsets = [
      {
        destinationRule: 'front-end',
        name: 'v1',
        labels: { version: 'v1' },
        matchingPods: 1,
      },
      {
        destinationRule: 'front-end',
        name: 'v2',
        labels: { version: 'v2' },
        matchingPods: 0,
      },
    ];
    expect(codes(status({ services: [service({ subsets })] }))).toEqual([
      'subset-without-pods',
    ]);
  });

  it('reports workloads of a member namespace without their sidecar', () => {
    const workloads = [
      workload({ sidecar: 'missing', podsWithSidecar: 0 }),
      workload({
        name: 'front-end-v2',
        version: 'v2',
        sidecar: 'partial',
        readyPods: 2,
        podsWithSidecar: 1,
      }),
    ];
    const findings = computeFindings(
      status({ services: [service({ workloads })] }),
    );
    expect(findings.map(f => f.code)).toEqual([
      'sidecar-missing',
      'sidecar-missing',
    ]);
    expect(findings[1].message).toContain('1 of 2 pods');
  });

  it('reports versioned subsets on workloads without a version label', () => {
    const workloads = [
      workload({ version: undefined, labels: { app: 'front-end' } }),
    ];
    expect(
      codes(
        status({ services: [service({ workloads, observed: undefined })] }),
      ),
    ).toEqual(['unversioned-workloads']);
  });

  it('reports a VirtualService bound to a missing Gateway', () => {
    const bound = route({ missingGateways: ['sockshop-wildcard-gateway'] });
    expect(codes(status({ services: [service({ routes: [bound] })] }))).toEqual(
      ['missing-gateway'],
    );
  });

  it('reports a control plane that is not ready, first', () => {
    const controlPlane = {
      flavour: 'maistra' as const,
      name: 'basic-install',
      namespace: 'user1-istio-system',
      ready: false,
      reason: 'ComponentsNotReady',
      components: [],
    };
    const weights = route({
      destinations: [
        {
          host: 'front-end',
          subset: 'v1',
          version: 'v1',
          weight: 90,
          subsetDefined: true,
        },
        {
          host: 'front-end',
          subset: 'v2',
          version: 'v2',
          weight: 20,
          subsetDefined: true,
        },
      ],
    });
    const findings = computeFindings(
      status({
        controlPlane,
        services: [service({ routes: [weights], observed: undefined })],
      }),
    );
    expect(findings.map(f => f.code)).toEqual([
      'control-plane-not-ready',
      'weights-not-100',
    ]);
    expect(findings[0].message).toContain('ComponentsNotReady');
  });

  it('reports a namespace outside the member roll that has mesh configuration', () => {
    const membership = {
      namespace: 'user1-sockshop',
      member: false,
      via: 'none' as const,
    };
    expect(codes(status({ membership, controlPlane: undefined }))).toEqual([
      'namespace-not-member',
    ]);
  });

  it('says nothing about a plain namespace outside any mesh', () => {
    const membership = {
      namespace: 'user1-sockshop',
      member: false,
      via: 'none' as const,
    };
    const plain = service({
      routes: [],
      subsets: [],
      observed: undefined,
      workloads: [
        workload({
          sidecar: 'not-in-mesh',
          podsWithSidecar: 0,
          injectionRequested: false,
        }),
      ],
    });
    expect(
      codes(status({ membership, controlPlane: undefined, services: [plain] })),
    ).toEqual([]);
  });

  it('reports an observed split more than 10 points off the weights', () => {
    const drifted = service({
      observed: { splitByVersion: { v1: 60, v2: 40 } },
    });
    const [finding] = computeFindings(status({ services: [drifted] }));
    expect(finding.code).toBe('split-drift');
    expect(finding.message).toContain('(v1 60%, v2 40%)');
    expect(finding.message).toContain('(v1 80%, v2 20%)');
    expect(
      codes(
        status({
          services: [
            service({ observed: { splitByVersion: { v1: 71, v2: 29 } } }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('reports the drift of an HTTPRoute-routed service on its HTTPRoute', () => {
    const drifted = service({
      routes: [],
      subsets: [],
      httpRoutes: [
        {
          kind: 'HTTPRoute',
          httpRoute: 'web-route',
          namespace: 'user1-sockshop',
          hostnames: [],
          parentRefs: [],
          ruleIndex: 0,
          destinations: ['v1', 'v2'].map((version, i) => ({
            host: `front-end-${version}`,
            weight: [80, 20][i],
            version,
            subsetDefined: true,
            serviceFound: true,
            matchingPods: 1,
          })),
        },
      ],
      observed: { splitByVersion: { v1: 60, v2: 40 } },
    });
    const drift = computeFindings(status({ services: [drifted] })).find(
      f => f.code === 'split-drift',
    );
    expect(drift?.message).toContain('(v1 80%, v2 20%)');
    expect(drift?.object).toEqual({
      kind: 'HTTPRoute',
      namespace: 'user1-sockshop',
      name: 'web-route',
    });
  });
});
