import { RolloutPlan } from '@service-mesh/plugin-service-mesh-common';
import { findRolloutRoute } from './rolloutRoute';

const ns = 'shop';

const plan: RolloutPlan = {
  service: 'web',
  stable: { subset: 'web-v1', version: 'v1' },
  canary: { subset: 'web-v2', version: 'v2' },
  steps: [50],
  bakeSeconds: 0,
  checks: {
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 300,
    minRequests: 10,
    interval: '30s',
    failedChecksThreshold: 1,
  },
};

const service = (name: string, selector: Record<string, string>) => ({
  metadata: { name, namespace: ns },
  spec: { selector },
});

const httpRoute = (backendRefs: any[]) => ({
  metadata: { name: 'web-route', namespace: ns },
  spec: { rules: [{ backendRefs }] },
});

const lookup = (services: any[], httpRoutes: any[], virtualServices = []) =>
  findRolloutRoute({
    plan,
    namespace: ns,
    services,
    destinationRules: [],
    virtualServices,
    httpRoutes,
  });

describe('the route of a rollout over per-version Services', () => {
  const versions = [
    service('web', { app: 'web' }),
    service('web-v1', { app: 'web', version: 'v1' }),
    service('web-v2', { app: 'web', version: 'v2' }),
  ];

  it('is the HTTPRoute rule with backendRefs to both', () => {
    const route = httpRoute([{ name: 'web-v1' }, { name: 'web-v2' }]);
    expect(lookup(versions, [route])).toEqual({
      found: true,
      route: { kind: 'HTTPRoute', object: route, index: 0 },
    });
  });

  it('refuses a backend Service that is not a version of the plan service', () => {
    const services = [
      ...versions.slice(0, 2),
      service('web-v2', { app: 'api' }),
    ];
    expect(
      lookup(services, [httpRoute([{ name: 'web-v1' }, { name: 'web-v2' }])]),
    ).toEqual({
      found: false,
      error: {
        field: 'canary.subset',
        message:
          "Service 'web-v2' (a backendRef of HTTPRoute web-route rule 0) does not select a version of web: its selector must narrow web's",
      },
    });
  });

  it('ignores backendRefs to another namespace', () => {
    const route = httpRoute([
      { name: 'web-v1', namespace: 'elsewhere' },
      { name: 'web-v2', namespace: 'elsewhere' },
    ]);
    expect(lookup(versions, [route])).toMatchObject({
      found: false,
      error: { field: 'stable.subset' },
    });
  });
});
