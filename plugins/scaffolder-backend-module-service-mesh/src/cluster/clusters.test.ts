import { ConfigReader } from '@backstage/config';
import { clusterNamed, configuredClusters } from './clusters';

const config = (clusters: object[], type = 'config') =>
  new ConfigReader({
    kubernetes: { clusterLocatorMethods: [{ type, clusters }] },
  });

describe('clusters from the kubernetes config section', () => {
  it('reads the clusters the Kubernetes plugin uses', () => {
    const [cluster] = configuredClusters(
      config([
        {
          name: 'local',
          url: 'https://127.0.0.1:6443/',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'token',
          caData: Buffer.from('PEM').toString('base64'),
        },
      ]),
    );
    expect(cluster).toMatchObject({
      name: 'local',
      url: 'https://127.0.0.1:6443',
      skipTLSVerify: false,
    });
    expect(cluster.ca()).toBe('PEM');
    expect(cluster.token()).toBe('token');
  });

  it('lists the configured clusters when the name is unknown', () => {
    expect(() =>
      clusterNamed(
        config([
          { name: 'a', url: 'https://a' },
          { name: 'b', url: 'https://b' },
        ]),
        'c',
      ),
    ).toThrow("unknown cluster 'c'; configured clusters: a, b");
    expect(() => clusterNamed(new ConfigReader({}), 'local')).toThrow(
      "unknown cluster 'local'; configured clusters: none (add one under kubernetes.clusterLocatorMethods)",
    );
  });

  it('never falls back to another locator or a local kubeconfig', () => {
    expect(
      configuredClusters(config([{ name: 'a', url: 'https://a' }], 'gke')),
    ).toEqual([]);
  });

  it('needs a service account token', () => {
    const cluster = clusterNamed(
      config([{ name: 'a', url: 'https://a', authProvider: 'oidc' }]),
      'a',
    );
    expect(() => cluster.token()).toThrow(
      "cluster 'a' uses authProvider 'oidc'; the service mesh plugins need authProvider 'serviceAccount' with a serviceAccountToken",
    );
  });
});

it('reads the auth provider from authMetadata too', () => {
  const cluster = clusterNamed(
    config([
      {
        name: 'a',
        url: 'https://a',
        authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
        serviceAccountToken: 't',
      },
    ]),
    'a',
  );
  expect(cluster.token()).toBe('t');
});
