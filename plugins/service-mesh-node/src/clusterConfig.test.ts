import { ConfigReader } from '@backstage/config';
import { findCluster, readClusters } from './clusterConfig';

const config = (clusters: object[]) =>
  new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        { type: 'config', clusters },
        { type: 'catalog' },
      ],
    },
  });

describe('readClusters', () => {
  it('reads the Kubernetes plugin’s config clusters with their token and CA', () => {
    const [cluster] = readClusters(
      config([
        {
          name: 'local',
          url: 'https://127.0.0.1:6443/',
          authProvider: 'serviceAccount',
          serviceAccountToken: 't0k3n',
          caData: Buffer.from('PEM').toString('base64'),
        },
      ]),
    );
    expect(cluster.name).toBe('local');
    expect(cluster.url).toBe('https://127.0.0.1:6443');
    expect(cluster.token()).toBe('t0k3n');
    expect(cluster.ca()).toBe('PEM');
  });

  it('takes the auth provider from authMetadata too', () => {
    const [cluster] = readClusters(
      config([
        {
          name: 'a',
          url: 'https://a',
          serviceAccountToken: 't',
          authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
        },
      ]),
    );
    expect(cluster.token()).toBe('t');
  });

  it('refuses clusters whose auth provider it cannot use, naming it', () => {
    const [cluster] = readClusters(
      config([{ name: 'gke', url: 'https://gke', authProvider: 'google' }]),
    );
    expect(() => cluster.token()).toThrow(
      "cluster 'gke' uses authProvider 'google'",
    );
  });

  it('lists the configured clusters when a name is unknown', () => {
    const clusters = readClusters(
      config([
        {
          name: 'local',
          url: 'https://l',
          authProvider: 'serviceAccount',
          serviceAccountToken: 't',
        },
      ]),
    );
    expect(() => findCluster(clusters, 'prod')).toThrow(
      "unknown cluster 'prod'; configured clusters: local",
    );
    expect(() => findCluster([], 'prod')).toThrow(
      'none (add one under kubernetes.clusterLocatorMethods)',
    );
  });
});
