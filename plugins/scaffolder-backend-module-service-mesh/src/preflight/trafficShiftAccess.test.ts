import { checkReads, plannedAccess } from './plannedAccess';

describe('the access a traffic shift needs', () => {
  const shift = 'servicemesh:traffic:shift';

  it('is the VirtualService by default', () => {
    const input = { namespace: 'shop', weights: { v1: 50, v2: 50 } };
    expect(plannedAccess[shift](input, [])).toEqual([
      {
        verb: 'patch',
        group: 'networking.istio.io',
        resource: 'virtualservices',
        namespace: 'shop',
      },
    ]);
  });

  it('is the HTTPRoute the input names', () => {
    const input = {
      namespace: 'shop',
      httpRoute: 'web-route',
      weights: { 'web-v1': 50, 'web-v2': 50 },
    };
    const httpRoutes = {
      group: 'gateway.networking.k8s.io',
      resource: 'httproutes',
      namespace: 'shop',
    };
    expect(plannedAccess[shift](input, [])).toEqual([
      { verb: 'patch', ...httpRoutes },
    ]);
    expect(checkReads[shift](input)[0]).toEqual({ verb: 'get', ...httpRoutes });
  });
});
