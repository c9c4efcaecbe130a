import { K8sObject } from '../k8s/types';
import { meshSnapshotOf } from './meshView';
import { TrafficResolver } from './trafficResolver';

const ns = 'shop';
const host = 'web-shop.apps.test';

const readyPod = (name: string, labels: Record<string, string>): K8sObject => ({
  metadata: { name, namespace: ns, labels },
  status: { phase: 'Running', containerStatuses: [{ ready: true }] },
});
const service = (
  name: string,
  selector: Record<string, string>,
): K8sObject => ({
  metadata: { name, namespace: ns },
  spec: { selector },
});

/** A cluster as the cache holds it, without the API server: the resolver reads objects only. */
function snapshot(httpRoutes: K8sObject[], listenerHostname = host) {
  const objects: Record<string, K8sObject[]> = {
    'route.openshift.io/routes': [
      {
        metadata: { name: 'web', namespace: ns },
        spec: { host, to: { kind: 'Service', name: 'gw-istio' } },
      },
    ],
    '/services': [
      service('gw-istio', { 'gateway.networking.k8s.io/gateway-name': 'gw' }),
      service('web-v1', { app: 'web', version: 'v1' }),
      service('web-v2', { app: 'web', version: 'v2' }),
    ],
    '/pods': [
      readyPod('gw-1', { 'gateway.networking.k8s.io/gateway-name': 'gw' }),
      readyPod('web-v1-1', { app: 'web', version: 'v1' }),
      readyPod('web-v2-1', { app: 'web', version: 'v2' }),
    ],
    'gateway.networking.k8s.io/gateways': [
      {
        metadata: { name: 'gw', namespace: ns },
        spec: {
          gatewayClassName: 'istio',
          listeners: [
            {
              name: 'http',
              port: 80,
              protocol: 'HTTP',
              hostname: listenerHostname,
            },
          ],
        },
      },
    ],
    'gateway.networking.k8s.io/httproutes': httpRoutes,
  };
  return meshSnapshotOf({
    list: (group: string, plural: string) =>
      objects[`${group}/${plural}`] ?? [],
  });
}

const httpRoute = (
  rules: any[],
  extra: Record<string, unknown> = {},
): K8sObject => ({
  metadata: { name: 'web', namespace: ns },
  spec: { parentRefs: [{ name: 'gw' }], rules, ...extra },
});

const split = (weights: [number, number]) => [
  {
    backendRefs: [
      { name: 'web-v1', port: 80, weight: weights[0] },
      { name: 'web-v2', port: 80, weight: weights[1] },
    ],
  },
];

/** Where `n` requests to the path end up: the Service of the last hop, or its status. */
function outcomes(cluster: ReturnType<typeof snapshot>, n: number, path = '/') {
  const resolver = new TrafficResolver('apps.test');
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const hops = resolver.enterRoute(cluster, host, path);
    const last = hops[hops.length - 1];
    const key =
      last.status === 200 ? last.service!.metadata.name! : String(last.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('requests entering a Gateway API Gateway', () => {
  it('split by the HTTPRoute backendRefs weights, which are relative', () => {
    expect(outcomes(snapshot([httpRoute(split([3, 1]))]), 100)).toEqual({
      'web-v1': 75,
      'web-v2': 25,
    });
  });

  it('take the first rule whose path matches, and weight 1 when none is given', () => {
    const rules = [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/beta' } }],
        backendRefs: [{ name: 'web-v2', port: 80 }],
      },
      { backendRefs: [{ name: 'web-v1', port: 80 }] },
    ];
    const cluster = snapshot([httpRoute(rules)]);
    expect(outcomes(cluster, 4, '/beta/page')).toEqual({ 'web-v2': 4 });
    expect(outcomes(cluster, 4, '/betamax')).toEqual({ 'web-v1': 4 });
  });

  it('answer 500 when every backend weighs 0, and 404 when no route serves the host', () => {
    expect(outcomes(snapshot([httpRoute(split([0, 0]))]), 2)).toEqual({
      '500': 2,
    });
    expect(
      outcomes(
        snapshot([
          httpRoute(split([1, 1]), { hostnames: ['other.apps.test'] }),
        ]),
        2,
      ),
    ).toEqual({ '404': 2 });
    expect(
      outcomes(snapshot([httpRoute(split([1, 1]))], 'other.apps.test'), 2),
    ).toEqual({
      '404': 2,
    });
  });
});
