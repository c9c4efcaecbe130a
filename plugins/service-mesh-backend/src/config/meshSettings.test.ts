import { ConfigReader } from '@backstage/config';
import { readMeshSettings } from './meshSettings';

const withKiali = (kiali: Record<string, unknown>) =>
  new ConfigReader({
    serviceMesh: {
      clusters: [
        { name: 'openshift', kiali: { url: 'https://kiali', ...kiali } },
      ],
    },
  });

describe('readMeshSettings: kiali', () => {
  it('defaults the cluster name Kiali knows to the entry’s name, and has no tolerances of its own', () => {
    const kiali = readMeshSettings(withKiali({})).clusters.get('openshift')!
      .kiali!;
    expect(kiali).toMatchObject({
      strategy: 'openshift',
      clusterName: 'openshift',
      rateInterval: '1m',
      configKey: 'serviceMesh.clusters[openshift].kiali',
    });
    expect(kiali.healthRates).toBeUndefined();
  });

  it('reads clusterName and health tolerances as the Kiali CR spells them', () => {
    const kiali = readMeshSettings(
      withKiali({
        clusterName: 'east',
        healthConfig: {
          rate: [
            {
              namespace: 'shop',
              tolerance: [
                { code: '4XX', degraded: 30, failure: 40, protocol: 'http' },
              ],
            },
          ],
        },
      }),
    ).clusters.get('openshift')!.kiali!;
    expect(kiali.clusterName).toBe('east');
    expect(kiali.healthRates).toEqual([
      {
        namespace: 'shop',
        kind: undefined,
        name: undefined,
        tolerance: [
          {
            code: '4XX',
            degraded: 30,
            failure: 40,
            protocol: 'http',
            direction: undefined,
          },
        ],
      },
    ]);
  });

  it.each([
    [
      { code: '4XX', degraded: 50, failure: 40 },
      'serviceMesh.clusters[openshift].kiali.healthConfig.rate[0].tolerance[0]: degraded must not exceed failure',
    ],
    [
      { code: '([', degraded: 1, failure: 2 },
      'serviceMesh.clusters[openshift].kiali.healthConfig.rate[0].tolerance[0].code must be a code pattern like 5XX',
    ],
  ])('refuses a bad tolerance, naming it', (tolerance, message) => {
    expect(() =>
      readMeshSettings(
        withKiali({ healthConfig: { rate: [{ tolerance: [tolerance] }] } }),
      ),
    ).toThrow(message);
  });
});

describe('readMeshSettings: rollouts and delivery links', () => {
  const read = (serviceMesh: object) =>
    readMeshSettings(new ConfigReader({ serviceMesh: serviceMesh as any }));

  it('steps rollouts every 10 s by default, and reads the link templates of Flagger and Argo Rollouts', () => {
    const settings = read({
      clusters: [
        {
          name: 'openshift',
          deliveryLinks: {
            argoRollouts:
              'https://rollouts.example.com/rollouts/rollout/{namespace}/{name}',
          },
        },
      ],
    });
    expect(settings.rollouts).toEqual({
      enabled: true,
      checkFrequencySeconds: 10,
    });
    expect(settings.clusters.get('openshift')!.deliveryLinks).toEqual({
      argoRollouts:
        'https://rollouts.example.com/rollouts/rollout/{namespace}/{name}',
    });
  });

  it.each([
    [
      { rollouts: { checkFrequencySeconds: 0.5 } },
      'serviceMesh.rollouts.checkFrequencySeconds must be a whole number of seconds, 1 or more, got 0.5',
    ],
    [
      {
        clusters: [
          { name: 'openshift', deliveryLinks: { flagger: 'grafana/d/x' } },
        ],
      },
      'serviceMesh.clusters[openshift].deliveryLinks.flagger must be an http(s) URL template',
    ],
  ])('refuses %j naming the key', (serviceMesh, message) => {
    expect(() => read(serviceMesh)).toThrow(message);
  });
});

describe('readMeshSettings: prometheus', () => {
  const prometheusOf = (prometheus: Record<string, string | boolean>) =>
    readMeshSettings(
      new ConfigReader({
        serviceMesh: {
          clusters: [{ name: 'openshift', prometheus }],
        },
      }),
    ).clusters.get('openshift')!.prometheus!;

  it('sends the token as a bearer and queries without a namespace parameter unless the endpoint is a tenancy port', () => {
    const plain = prometheusOf({
      url: 'https://thanos-querier.openshift-monitoring.svc.cluster.local:9091',
      token: 'sha256~abc',
    });
    expect(plain).toMatchObject({
      headers: { Authorization: 'Bearer sha256~abc' },
      tenancy: false,
      configKey: 'serviceMesh.clusters[openshift].prometheus',
    });
    expect(
      prometheusOf({
        url: 'https://thanos-querier.openshift-monitoring.svc.cluster.local:9092',
        tenancy: true,
      }).tenancy,
    ).toBe(true);
  });

  it('fails at startup naming the key when tenancy is not a boolean', () => {
    expect(() =>
      prometheusOf({ url: 'https://thanos', tenancy: 'sometimes' }),
    ).toThrow(/serviceMesh\.clusters\[0\]\.prometheus\.tenancy/);
  });
});
