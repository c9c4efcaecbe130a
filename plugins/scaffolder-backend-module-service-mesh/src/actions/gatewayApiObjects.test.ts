import {
  GatewayIngressNames,
  gatewayProgrammed,
  gatewayServiceRoute,
  ingressGateway,
  ingressHttpRoute,
  versionService,
  waypointGateway,
  weightedHttpRoute,
} from './gatewayApiObjects';

const managed = { 'servicemesh.backstage.io/managed-by': 'u1' };
const names: GatewayIngressNames = {
  user: 'u1',
  app: 'u1-shop',
  appsDomain: 'apps.example.com',
  service: 'web',
  servicePort: 8080,
  gateway: 'web-gateway',
  gatewayClassName: 'istio',
  httpRoute: 'web',
  route: 'web',
};
const host = 'web-u1-shop.apps.example.com';

describe('the Gateway API objects', () => {
  it('listens for the public host only, taking routes of its namespace', () => {
    expect(ingressGateway(names)).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'web-gateway', namespace: 'u1-shop', labels: managed },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          {
            name: 'http',
            port: 80,
            protocol: 'HTTP',
            hostname: host,
            allowedRoutes: { namespaces: { from: 'Same' } },
          },
        ],
      },
    });
  });

  it('routes the host to the Service, keeping a canary split set later', () => {
    const fresh = ingressHttpRoute(names);
    expect(fresh.spec).toEqual({
      parentRefs: [{ name: 'web-gateway' }],
      hostnames: [host],
      rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }],
    });
    const split = [
      {
        backendRefs: [
          { name: 'web-v1', port: 8080, weight: 80 },
          { name: 'web-v2', port: 8080, weight: 20 },
        ],
      },
    ];
    const live = { ...fresh, spec: { ...fresh.spec, rules: split } };
    expect(ingressHttpRoute(names, live).spec.rules).toEqual(split);
    const elsewhere = [{ backendRefs: [{ name: 'other', port: 80 }] }];
    expect(
      ingressHttpRoute(names, { ...fresh, spec: { rules: elsewhere } }).spec
        .rules,
    ).toEqual(fresh.spec.rules);
  });

  it("sends the Route to the Gateway's Service, remembering what it replaced", () => {
    const old = {
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'web', namespace: 'u1-shop' },
      spec: { to: { kind: 'Service', name: 'web' } },
    };
    const route = gatewayServiceRoute(names, old);
    expect(route.spec).toEqual({
      host,
      to: { kind: 'Service', name: 'web-gateway-istio', weight: 100 },
      port: { targetPort: 80 },
    });
    expect(
      JSON.parse(
        route.metadata.annotations!['servicemesh.backstage.io/original'],
      ),
    ).toEqual({ replaces: old });
    expect(gatewayServiceRoute(names).metadata.annotations).toBeUndefined();
  });

  it("makes a version's Service from the base Service's selector and ports", () => {
    const base = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'u1-shop', labels: { name: 'web' } },
      spec: {
        clusterIP: '10.96.0.7',
        selector: { name: 'web' },
        ports: [{ port: 80, targetPort: 8079, protocol: 'TCP', nodePort: 3 }],
      },
    };
    expect(versionService(base, 'v2', 'u1')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'web-v2',
        namespace: 'u1-shop',
        labels: { name: 'web', ...managed, version: 'v2' },
      },
      spec: {
        selector: { name: 'web', version: 'v2' },
        ports: [{ port: 80, targetPort: 8079, protocol: 'TCP' }],
      },
    });
  });

  it('weights the per-version Services on the rule, keeping the rest', () => {
    const live = ingressHttpRoute(names);
    const weighted = weightedHttpRoute(live, {
      service: 'web',
      user: 'u1',
      weights: { v1: 80, v2: 20 },
    });
    expect(weighted.spec).toEqual({
      ...live.spec,
      rules: [
        {
          backendRefs: [
            { name: 'web-v1', port: 8080, weight: 80 },
            { name: 'web-v2', port: 8080, weight: 20 },
          ],
        },
      ],
    });
    expect(weighted.metadata.labels).toEqual(managed);
  });

  it('makes a waypoint for the namespace services', () => {
    expect(
      waypointGateway({ name: 'waypoint', namespace: 'u1-shop', user: 'u1' }),
    ).toMatchObject({
      metadata: { labels: { 'istio.io/waypoint-for': 'service' } },
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
      },
    });
  });

  it('is programmed only by a current Programmed condition', () => {
    const gateway = (conditions: object[], generation = 2) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'g', generation },
      status: { conditions },
    });
    expect(gatewayProgrammed(undefined).done).toBe(false);
    expect(
      gatewayProgrammed(
        gateway([
          { type: 'Programmed', status: 'True', observedGeneration: 1 },
        ]),
      ).done,
    ).toBe(false);
    expect(
      gatewayProgrammed(
        gateway([
          { type: 'Programmed', status: 'True', observedGeneration: 2 },
        ]),
      ).done,
    ).toBe(true);
    expect(
      gatewayProgrammed(
        gateway([
          {
            type: 'Programmed',
            status: 'False',
            message: 'Deployment is not ready',
          },
        ]),
      ).progress,
    ).toBe('Programmed False (Deployment is not ready)');
  });
});
