import { dataStoreTypeOf } from './dataStores';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from './kubernetesNames';

describe('dataStoreTypeOf', () => {
  it.each([
    [['mongo:3.4'], 'database'],
    [['docker.io/bitnami/postgresql:16@sha256:abc'], 'database'],
    [['quay.io/org/redis-stack:7'], 'database'],
    [['rabbitmq:3.6.8-management'], 'queue'],
  ])('knows the data store image %j', (images, type) => {
    expect(dataStoreTypeOf({ name: 'store', images })).toBe(type);
  });

  it('takes a -db name for a database, and nothing else for a store', () => {
    expect(
      dataStoreTypeOf({ name: 'user-db', images: ['example/user-db:1'] }),
    ).toBe('database');
    // the registry's path does not count, only the image's own name
    expect(
      dataStoreTypeOf({ name: 'web', images: ['mongo.example.com/web:1'] }),
    ).toBeUndefined();
  });
});

describe('Kubernetes names', () => {
  it('tells DNS-1123 labels from subdomains', () => {
    expect(['web', 'web-v1', 'a1'].every(n => DNS1123_LABEL.test(n))).toBe(
      true,
    );
    expect(
      ['Web', '-web', 'web-', 'v1.2', ''].some(n => DNS1123_LABEL.test(n)),
    ).toBe(false);
    expect(DNS1123_SUBDOMAIN.test('v1.2')).toBe(true);
    expect(DNS1123_SUBDOMAIN.test('v1..2')).toBe(false);
  });
});
