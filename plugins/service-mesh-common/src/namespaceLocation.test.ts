import {
  formatNamespaceLocationTarget,
  namespaceLocationKey,
  parseNamespaceLocationTarget,
} from './namespaceLocation';

const location = {
  cluster: 'local',
  namespace: 'user2-sockshop',
  system: 'sockshop',
  owner: 'user:default/guest',
};

describe('namespace location targets', () => {
  it('round-trips and keys by cluster and namespace', () => {
    const target = formatNamespaceLocationTarget(location);
    expect(target).toBe(
      'local/user2-sockshop?system=sockshop&owner=user%3Adefault%2Fguest',
    );
    expect(parseNamespaceLocationTarget(target)).toEqual(location);
    expect(namespaceLocationKey(target)).toBe('local/user2-sockshop');
  });

  it.each([
    ['user2-sockshop?system=s&owner=user:default/a', /<cluster>\/<namespace>/],
    ['local/User2?system=s&owner=user:default/a', /namespace 'User2'/],
    ['local/ns?owner=user:default/a', /system must be/],
    ['local/ns?system=s&owner=guest', /owner must be a full entity ref/],
    ['local/ns?system=s&owner=user:guest', /owner must be a full entity ref/],
  ])('rejects %s', (target, message) => {
    expect(() => parseNamespaceLocationTarget(target)).toThrow(message);
  });
});
