import { isUnsafeProxyRequest } from './proxyGuard';

describe('isUnsafeProxyRequest', () => {
  it.each([
    ['GET', '/api/v1/namespaces/user1-sockshop/pods'],
    ['GET', '/api/v1/namespaces/user1-sockshop/pods/front-end-1/log'],
    ['HEAD', '/apis/networking.istio.io/v1beta1/namespaces/a/virtualservices'],
    ['GET', '/api/v1/namespaces/a/events?fieldSelector=involvedObject.name=x'],
  ])('lets %s %s through', (method, path) => {
    expect(isUnsafeProxyRequest(method, path)).toBe(false);
  });

  it.each([
    [
      'PATCH',
      '/apis/networking.istio.io/v1beta1/namespaces/a/virtualservices/v',
    ],
    ['POST', '/api/v1/namespaces/a/pods'],
    ['DELETE', '/api/v1/namespaces/a/pods/p'],
    ['PUT', '/api/v1/namespaces/a/configmaps/c'],
    ['GET', '/api/v1/namespaces/a/secrets'],
    ['GET', '/api/v1/secrets'],
    ['GET', '/api/v1/namespaces/a/secret%73/token'],
    ['GET', '/api/v1/namespaces/a/Secrets'],
    ['GET', '/api/v1/namespaces/a/pods/p/exec?command=sh'],
    ['GET', '/api/v1/namespaces/a/pods/p/portforward'],
    ['GET', '/api/v1/namespaces/a/services/s/proxy/admin'],
    ['GET', '/api/v1/namespaces/a/pods/%2E%2E/secrets'],
    ['GET', '/api/v1/namespaces/a/pods/%E0%A4%A'],
  ])('guards %s %s', (method, path) => {
    expect(isUnsafeProxyRequest(method, path)).toBe(true);
  });
});
