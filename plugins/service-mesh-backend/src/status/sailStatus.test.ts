import { assembleStatus, EntityScope } from './assembleStatus';
import {
  ambientNamespace,
  ambientNs,
  ambientPod,
  ambientService,
  sailControlPlane,
  webHttpRoute,
} from './__fixtures__/ambientNamespace';

const ok = {
  kubernetes: { state: 'ok' as const },
  kiali: { state: 'not-configured' as const },
  prometheus: { state: 'not-configured' as const },
};
const webScope: EntityScope = {
  entity: { kind: 'component', namespace: 'default', name: 'web' },
  cluster: 'local',
  namespace: ambientNs,
};

const web = (status: ReturnType<typeof assembleStatus>) =>
  status.services.find(s => s.name === 'web')!;

describe('assembleStatus for a Sail (OSSM 3) ambient namespace', () => {
  it('shows the Istio resource as the control plane and the namespace as an ambient member of its revision', () => {
    const status = assembleStatus({
      scope: webScope,
      objects: ambientNamespace(),
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(status.controlPlane).toEqual({
      flavour: 'sail',
      name: 'default',
      namespace: 'istio-system',
      version: 'v1.30.3',
      revision: 'default',
      ready: true,
      components: [
        { name: 'Reconciled', ready: true },
        { name: 'Ready', ready: true },
        { name: 'DependenciesHealthy', ready: true },
      ],
    });
    expect(status.membership).toEqual({
      namespace: ambientNs,
      member: true,
      controlPlaneNamespace: 'istio-system',
      via: 'istio-injection-label',
      revision: 'default',
      dataplaneMode: 'ambient',
    });
  });

  it('reports an unhealthy Istio with its state and the failing condition', () => {
    const status = assembleStatus({
      scope: webScope,
      objects: ambientNamespace(),
      controlPlane: sailControlPlane('IstiodNotReady'),
      sources: ok,
    });
    expect(status.controlPlane).toMatchObject({
      ready: false,
      reason: 'IstiodNotReady: istiod is not ready',
    });
    expect(status.findings[0]).toMatchObject({
      code: 'control-plane-not-ready',
      object: { kind: 'Istio', name: 'default' },
    });
  });

  it('puts workloads without a sidecar in the ambient data plane, with no sidecar finding', () => {
    const status = assembleStatus({
      scope: webScope,
      objects: ambientNamespace(),
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(
      web(status).workloads.map(w => [w.name, w.dataplane, w.sidecar]),
    ).toEqual([
      ['web-v1', 'ambient', 'missing'],
      ['web-v2', 'ambient', 'missing'],
    ]);
    expect(status.findings.map(f => f.code)).not.toContain('sidecar-missing');
    expect(status.findings.map(f => f.code)).not.toContain(
      'namespace-not-member',
    );
  });

  it('shows the HTTPRoute 80/20 split over the per-version Services, with versions and pods', () => {
    const status = assembleStatus({
      scope: webScope,
      objects: ambientNamespace(),
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(web(status).routes).toEqual([]);
    expect(web(status).httpRoutes).toEqual([
      {
        kind: 'HTTPRoute',
        httpRoute: 'web-canary',
        namespace: ambientNs,
        hostnames: [],
        parentRefs: [{ kind: 'Service', name: 'web', port: 8080, found: true }],
        ruleIndex: 0,
        destinations: [
          {
            host: 'web-v1',
            port: 8080,
            weight: 80,
            backendWeight: 80,
            version: 'v1',
            subsetDefined: true,
            serviceFound: true,
            matchingPods: 1,
          },
          {
            host: 'web-v2',
            port: 8080,
            weight: 20,
            backendWeight: 20,
            version: 'v2',
            subsetDefined: true,
            serviceFound: true,
            matchingPods: 1,
          },
        ],
      },
    ]);
  });

  it('shows the per-version Services the HTTPRoute splits web over as web, not as services of their own', () => {
    const objects = ambientNamespace();
    objects.services.push(ambientService('db', { app: 'db' }));
    const status = assembleStatus({
      scope: webScope,
      objects,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(status.services.map(s => s.name)).toEqual(['db', 'web']);
    expect(
      status.findings.filter(f => f.code === 'ambient-l7-without-waypoint'),
    ).toHaveLength(1);
  });

  it("shows the traffic Prometheus reports under the per-version Services' names as web's, and a Gateway's own Deployment as no service", () => {
    const objects = ambientNamespace();
    objects.services.push(
      ambientService('web-gateway-istio', {
        'gateway.networking.k8s.io/gateway-name': 'web-gateway',
      }),
    );
    const status = assembleStatus({
      scope: webScope,
      objects,
      controlPlane: sailControlPlane(),
      observed: {
        'web-v1': {
          requestRate: 8,
          errorRatio: 0,
          splitByVersion: { v1: 100 },
        },
        'web-v2': {
          requestRate: 2,
          errorRatio: 0,
          splitByVersion: { v2: 100 },
        },
      },
      sources: ok,
    });
    expect(status.services.map(s => s.name)).toEqual(['web']);
    expect(web(status).observed).toEqual({
      requestRate: 10,
      errorRatio: 0,
      splitByVersion: { v1: 80, v2: 20 },
    });
  });

  it('keeps a narrower Service as a service of its own when no HTTPRoute uses it', () => {
    const objects = ambientNamespace();
    objects.httpRoutes = [];
    const status = assembleStatus({
      scope: webScope,
      objects,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(status.services.map(s => s.name)).toEqual([
      'web',
      'web-v1',
      'web-v2',
    ]);
  });

  it('turns relative backendRef weights (default 1) into percent of the rule', () => {
    const objects = ambientNamespace();
    objects.httpRoutes = [
      webHttpRoute([{ name: 'web-v1', weight: 3 }, { name: 'web-v2' }]),
    ];
    const status = assembleStatus({
      scope: webScope,
      objects,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(
      web(status).httpRoutes![0].destinations.map(d => [
        d.host,
        d.backendWeight,
        d.weight,
      ]),
    ).toEqual([
      ['web-v1', 3, 75],
      ['web-v2', 1, 25],
    ]);
  });

  it('warns that the HTTPRoute is not applied without a waypoint, and not once the namespace uses one', () => {
    const without = assembleStatus({
      scope: webScope,
      objects: ambientNamespace(),
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(without.findings).toContainEqual(
      expect.objectContaining({
        code: 'ambient-l7-without-waypoint',
        service: 'web',
      }),
    );
    const withWaypoint = assembleStatus({
      scope: webScope,
      objects: ambientNamespace({
        'istio.io/dataplane-mode': 'ambient',
        'istio.io/use-waypoint': 'waypoint',
      }),
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(withWaypoint.membership.waypoint).toBe('waypoint');
    expect(web(withWaypoint).workloads[0].waypoint).toBe('waypoint');
    expect(withWaypoint.findings).toEqual([]);
  });

  it('reports a waypoint the namespace names but whose Gateway does not exist', () => {
    const labels = {
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
    };
    const missing = ambientNamespace(labels);
    missing.gatewayApiGateways = [];
    const without = assembleStatus({
      scope: webScope,
      objects: missing,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(without.membership.waypointFound).toBe(false);
    expect(without.findings.map(f => f.code)).toEqual(['waypoint-not-found']);
    const deployed = ambientNamespace(labels);
    deployed.gatewayApiGateways = [
      {
        metadata: { name: 'waypoint', namespace: ambientNs },
        spec: { gatewayClassName: 'istio-waypoint' },
      },
    ];
    const withIt = assembleStatus({
      scope: webScope,
      objects: deployed,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(withIt.membership.waypointFound).toBe(true);
    expect(withIt.findings).toEqual([]);
  });

  it('counts an AuthorizationPolicy with HTTP rules as L7 configuration needing a waypoint', () => {
    const objects = ambientNamespace();
    objects.httpRoutes = [];
    objects.authorizationPolicies = [
      {
        metadata: { name: 'web-get-only', namespace: ambientNs },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
        },
      },
      {
        metadata: { name: 'l4-only', namespace: ambientNs },
        spec: { rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] },
      },
    ];
    const status = assembleStatus({
      scope: webScope,
      objects,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(web(status).l7AuthorizationPolicies).toEqual(['web-get-only']);
    expect(status.findings).toContainEqual(
      expect.objectContaining({
        code: 'ambient-l7-without-waypoint',
        message: expect.stringContaining('AuthorizationPolicy web-get-only'),
      }),
    );
  });

  it('reports an HTTPRoute backend Service that does not exist or has no ready pods', () => {
    const objects = ambientNamespace({
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
    });
    objects.httpRoutes = [
      webHttpRoute([
        { name: 'web-v1', weight: 50 },
        { name: 'web-v2', weight: 30 },
        { name: 'web-v3', weight: 20 },
      ]),
    ];
    objects.pods = [
      ambientPod('web-v1-a', { app: 'web', version: 'v1' }),
      ambientPod('web-v2-a', { app: 'web', version: 'v2' }, false),
    ];
    const status = assembleStatus({
      scope: webScope,
      objects,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(
      status.findings.filter(f => f.service === 'web').map(f => f.code),
    ).toEqual(['httproute-backend-missing', 'httproute-backend-without-pods']);
    expect(status.findings[0].message).toContain('web-v3');
  });

  it('checks the parentRefs: an ingress Gateway that exists, one that does not', () => {
    const objects = ambientNamespace({
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
    });
    objects.httpRoutes![0].spec.parentRefs = [
      { name: 'public' },
      { name: 'gone', sectionName: 'https' },
      { name: 'shared', namespace: 'ingress' },
    ];
    objects.gatewayApiGateways = [
      {
        metadata: { name: 'public', namespace: ambientNs },
        spec: { gatewayClassName: 'istio' },
      },
      {
        metadata: { name: 'waypoint', namespace: ambientNs },
        spec: { gatewayClassName: 'istio-waypoint' },
      },
    ];
    const status = assembleStatus({
      scope: webScope,
      objects,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(web(status).httpRoutes![0].parentRefs).toEqual([
      { kind: 'Gateway', name: 'public', found: true },
      { kind: 'Gateway', name: 'gone', sectionName: 'https', found: false },
      { kind: 'Gateway', name: 'shared', namespace: 'ingress' },
    ]);
    expect(status.findings).toEqual([
      expect.objectContaining({
        code: 'httproute-parent-missing',
        message: expect.stringContaining('Gateway gone'),
      }),
    ]);
  });

  it('reports a service routed by both a VirtualService and an HTTPRoute', () => {
    const objects = ambientNamespace({ 'istio.io/rev': 'default' });
    objects.virtualServices = [
      {
        metadata: { name: 'web', namespace: ambientNs },
        spec: {
          hosts: ['web'],
          http: [{ route: [{ destination: { host: 'web' } }] }],
        },
      },
    ];
    const status = assembleStatus({
      scope: webScope,
      objects,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(status.findings).toContainEqual(
      expect.objectContaining({
        code: 'host-routed-twice',
        service: 'web',
        object: { kind: 'HTTPRoute', namespace: ambientNs, name: 'web-canary' },
      }),
    );
  });

  it('takes a pod template labelled ambient as ambient in a namespace without the label', () => {
    const objects = ambientNamespace({ 'istio.io/rev': 'default' });
    objects.deployments[0].spec.template.metadata.labels = {
      app: 'web',
      version: 'v1',
      'istio.io/dataplane-mode': 'ambient',
    };
    objects.services = [ambientService('web', { app: 'web' })];
    objects.httpRoutes = [];
    const status = assembleStatus({
      scope: webScope,
      objects,
      controlPlane: sailControlPlane(),
      sources: ok,
    });
    expect(web(status).workloads.map(w => [w.name, w.dataplane])).toEqual([
      ['web-v1', 'ambient'],
      ['web-v2', 'none'],
    ]);
    expect(status.findings.map(f => [f.code, f.object?.name])).toEqual([
      ['sidecar-missing', 'web-v2'],
    ]);
  });

  it('reports a namespace labelled for a revision no control plane serves', () => {
    const status = assembleStatus({
      scope: webScope,
      objects: ambientNamespace({ 'istio.io/rev': 'canary' }),
      sources: ok,
    });
    expect(status.membership).toMatchObject({ revision: 'canary' });
    expect(status.findings).toContainEqual(
      expect.objectContaining({
        code: 'revision-not-found',
        message: expect.stringContaining('revision canary'),
      }),
    );
  });

  it('does not claim the revision is missing when the Sail objects could not be read', () => {
    const status = assembleStatus({
      scope: webScope,
      objects: ambientNamespace({ 'istio.io/rev': 'canary' }),
      sources: {
        ...ok,
        kubernetes: {
          state: 'degraded',
          reason: 'refused',
          forbidden: [{ verb: 'list', resource: 'istios' }],
        },
      },
    });
    expect(status.findings.map(f => f.code)).not.toContain(
      'revision-not-found',
    );
  });
});
