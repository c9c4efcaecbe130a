import { HttpRouteRule, ServiceStatus, TrafficRoute } from './meshStatus';
import {
  isShiftable,
  routeCaption,
  shiftWeightsOf,
  weightedTrafficRoute,
} from './weightedTraffic';

const rule: HttpRouteRule = {
  kind: 'HTTPRoute',
  httpRoute: 'web-route',
  namespace: 'shop',
  hostnames: [],
  parentRefs: [{ kind: 'Service', name: 'web', found: true }],
  ruleIndex: 0,
  destinations: [
    {
      host: 'web-v1',
      weight: 80,
      backendWeight: 4,
      version: 'v1',
      subsetDefined: true,
      serviceFound: true,
    },
    {
      host: 'web-v2',
      weight: 20,
      backendWeight: 1,
      version: 'v2',
      subsetDefined: true,
      serviceFound: true,
    },
  ],
};

const vsRoute: TrafficRoute = {
  virtualService: 'web',
  namespace: 'shop',
  hosts: ['web'],
  gateways: [],
  missingGateways: [],
  httpRouteIndex: 0,
  destinations: [
    { host: 'web', subset: 'v1', weight: 90, subsetDefined: true },
    { host: 'web', subset: 'v2', weight: 10, subsetDefined: true },
  ],
};

const service = (overrides: Partial<ServiceStatus>): ServiceStatus => ({
  name: 'web',
  workloads: [],
  routes: [],
  subsets: [],
  ...overrides,
});

describe('weightedTrafficRoute', () => {
  it('finds an HTTPRoute rule when no VirtualService route splits the service', () => {
    const route = weightedTrafficRoute(service({ httpRoutes: [rule] }))!;
    expect(routeCaption(route)).toBe('HTTPRoute web-route');
    expect(shiftWeightsOf(route)).toEqual({ 'web-v1': 80, 'web-v2': 20 });
    expect(isShiftable(route)).toBe(true);
  });

  it('prefers the VirtualService route, keyed by subset', () => {
    const route = weightedTrafficRoute(
      service({ routes: [vsRoute], httpRoutes: [rule] }),
    )!;
    expect(routeCaption(route)).toBe('VirtualService web');
    expect(shiftWeightsOf(route)).toEqual({ v1: 90, v2: 10 });
  });

  it('cannot shift a backend of another namespace', () => {
    const remote = {
      ...rule,
      destinations: [
        rule.destinations[0],
        { ...rule.destinations[1], serviceFound: undefined },
      ],
    };
    expect(isShiftable(remote)).toBe(false);
  });
});
