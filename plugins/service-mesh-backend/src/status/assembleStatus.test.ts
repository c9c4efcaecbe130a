import { assembleStatus, EntityScope } from './assembleStatus';
import {
  canaryVirtualService,
  deployment,
  meshedNamespace,
  pod,
  readyControlPlane,
} from './__fixtures__/meshedNamespace';

const ok = {
  kubernetes: { state: 'ok' as const },
  kiali: { state: 'not-configured' as const },
  prometheus: { state: 'not-configured' as const },
};
const systemScope: EntityScope = {
  entity: { kind: 'system', namespace: 'default', name: 'sockshop' },
  cluster: 'local',
  namespace: 'user1-sockshop',
};
const frontEndScope: EntityScope = {
  ...systemScope,
  entity: { kind: 'component', namespace: 'default', name: 'front-end' },
  workloadLabels: { name: 'front-end' },
};

describe('assembleStatus', () => {
  it('covers every service of the namespace for a System', () => {
    const status = assembleStatus({
      scope: systemScope,
      objects: meshedNamespace(),
      controlPlane: readyControlPlane,
      sources: ok,
    });
    expect(status.services.map(s => s.name)).toEqual(['carts', 'front-end']);
    expect(status.membership).toEqual({
      namespace: 'user1-sockshop',
      member: true,
      controlPlaneNamespace: 'user1-istio-system',
      via: 'member-of-label',
    });
    expect(status.controlPlane).toMatchObject({
      name: 'basic-install',
      version: 'v1.1',
      ready: true,
    });
    expect(status.controlPlane?.components).toContainEqual({
      name: 'grafana',
      ready: false,
    });
    expect(status.findings).toEqual([]);
  });

  it('covers only its own service for a Component, with both versions and the 80/20 route', () => {
    const status = assembleStatus({
      scope: frontEndScope,
      objects: meshedNamespace(),
      controlPlane: readyControlPlane,
      sources: ok,
    });
    expect(status.services).toHaveLength(1);
    const [frontEnd] = status.services;
    expect(
      frontEnd.workloads.map(w => [
        w.name,
        w.version,
        w.sidecar,
        w.proxyVersion,
      ]),
    ).toEqual([
      ['front-end', 'v1', 'injected', '2.5.2'],
      ['front-end-v2', 'v2', 'injected', '2.5.2'],
    ]);
    expect(frontEnd.routes).toHaveLength(1);
    expect(
      frontEnd.routes[0].destinations.map(d => [
        d.subset,
        d.version,
        d.weight,
        d.matchingPods,
      ]),
    ).toEqual([
      ['v1', 'v1', 80, 1],
      ['v2', 'v2', 20, 1],
    ]);
    expect(frontEnd.routes[0].missingGateways).toEqual([]);
  });

  it('shows the circuit breaker of a service', () => {
    const status = assembleStatus({
      scope: systemScope,
      objects: meshedNamespace(),
      controlPlane: readyControlPlane,
      sources: ok,
    });
    const carts = status.services.find(s => s.name === 'carts')!;
    expect(carts.circuitBreaker).toEqual({
      destinationRule: 'carts',
      outlierDetection: {
        consecutive5xxErrors: 1,
        interval: '1s',
        baseEjectionTime: '3m',
        maxEjectionPercent: 100,
      },
    });
    expect(carts.workloads[0]).toMatchObject({
      readyPods: 2,
      podsWithSidecar: 2,
      sidecar: 'injected',
    });
  });

  it('reports broken config: a route to an undefined subset and a workload without its sidecar', () => {
    const objects = meshedNamespace();
    objects.virtualServices = [canaryVirtualService([80, 20], ['v1', 'v3'])];
    objects.pods = objects.pods.map(p =>
      p.metadata.name === 'carts-abc-2'
        ? pod('carts-abc-2', p.metadata.labels!, { sidecar: false })
        : p,
    );
    const status = assembleStatus({
      scope: systemScope,
      objects,
      controlPlane: readyControlPlane,
      sources: ok,
    });
    expect(status.findings.map(f => [f.code, f.service])).toEqual([
      ['undefined-subset', 'front-end'],
      ['sidecar-missing', 'carts'],
    ]);
    expect(
      status.services.find(s => s.name === 'carts')!.workloads[0].sidecar,
    ).toBe('partial');
  });

  it('marks workloads outside any mesh as not-in-mesh and raises no findings for them', () => {
    const objects = meshedNamespace();
    objects.namespace = { metadata: { name: 'user1-sockshop' } };
    objects.virtualServices = [];
    objects.destinationRules = [];
    objects.deployments = [
      deployment('carts', { name: 'carts' }, { inject: false }),
    ];
    objects.pods = [pod('carts-1', { name: 'carts' }, { sidecar: false })];
    const status = assembleStatus({ scope: systemScope, objects, sources: ok });
    expect(status.membership.member).toBe(false);
    expect(
      status.services.find(s => s.name === 'carts')!.workloads[0].sidecar,
    ).toBe('not-in-mesh');
    expect(status.findings).toEqual([]);
  });

  it('merges what Prometheus observed and flags a drifting split', () => {
    const status = assembleStatus({
      scope: frontEndScope,
      objects: meshedNamespace(),
      controlPlane: readyControlPlane,
      observed: {
        'front-end': {
          requestRate: 20,
          errorRatio: 0,
          splitByVersion: { v1: 50, v2: 50 },
        },
      },
      health: {
        services: {
          'front-end': { status: 'Healthy', source: 'tolerances', reason: '' },
        },
        workloads: {
          'front-end-v2': {
            status: 'Degraded',
            source: 'tolerances',
            reason: 'pods: 0 of 1 pods available',
          },
        },
      },
      sources: ok,
    });
    expect(status.services[0].observed?.requestRate).toBe(20);
    expect(status.services[0].health?.status).toBe('Healthy');
    expect(
      status.services[0].workloads.map(w => [w.name, w.health?.status]),
    ).toEqual([
      ['front-end', undefined],
      ['front-end-v2', 'Degraded'],
    ]);
    expect(status.findings.map(f => f.code)).toEqual(['split-drift']);
  });

  it('says Kiali has no health yet for every service when Kiali 2.22+ answered without any', () => {
    const status = assembleStatus({
      scope: systemScope,
      objects: meshedNamespace(),
      controlPlane: readyControlPlane,
      health: {
        services: {},
        workloads: {},
        noHealthYetAt: '2026-12-03T10:00:00.000Z',
      },
      sources: ok,
    });
    expect(status.services.map(s => s.health)).toEqual([
      {
        status: 'NA',
        source: 'kiali',
        reason: 'Kiali has no health yet',
        noHealthYetAt: '2026-12-03T10:00:00.000Z',
      },
      expect.objectContaining({ reason: 'Kiali has no health yet' }),
    ]);
  });
});
