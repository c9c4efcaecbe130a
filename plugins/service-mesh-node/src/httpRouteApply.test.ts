import { httpRouteApplyBody, unknownBackendRefs } from './httpRouteApply';

const live: any = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: {
    name: 'web-route',
    namespace: 'shop',
    resourceVersion: '42',
    labels: { team: 'a' },
    annotations: {
      note: 'kept',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
    },
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: {
    parentRefs: [{ group: '', kind: 'Service', name: 'web', port: 8080 }],
    hostnames: ['web.example.com'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { name: 'web-v1', port: 8080, weight: 80 },
          { name: 'web-v2', port: 8080, weight: 20 },
        ],
      },
      { backendRefs: [{ name: 'admin', port: 9090 }] },
    ],
  },
};

describe('httpRouteApplyBody', () => {
  it('sets the rule’s backendRef weights and re-sends everything else', () => {
    const body = httpRouteApplyBody(live, {
      ruleIndex: 0,
      weights: { 'web-v1': 50, 'web-v2': 50 },
    });
    expect(body.spec.rules[0].backendRefs).toEqual([
      { name: 'web-v1', port: 8080, weight: 50 },
      { name: 'web-v2', port: 8080, weight: 50 },
    ]);
    expect(body.spec.rules[0].matches).toEqual(live.spec.rules[0].matches);
    expect(body.spec.rules[1]).toEqual(live.spec.rules[1]);
    expect(body.spec.parentRefs).toEqual(live.spec.parentRefs);
    expect(body.spec.hostnames).toEqual(live.spec.hostnames);
    expect(body.metadata).toEqual({
      name: 'web-route',
      namespace: 'shop',
      labels: { team: 'a' },
      annotations: { note: 'kept' },
    });
    // the live object is left as it was
    expect(live.spec.rules[0].backendRefs[0].weight).toBe(80);
  });

  it('names the weights no backendRef of the rule has', () => {
    expect(
      unknownBackendRefs(live, {
        ruleIndex: 0,
        weights: { 'web-v1': 50, 'web-v3': 50 },
      }),
    ).toEqual(['web-v3']);
  });
});
