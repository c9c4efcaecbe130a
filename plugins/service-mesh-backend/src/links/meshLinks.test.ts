import { meshLinks } from './meshLinks';

const route = (name: string, host: string, tls = true) => ({
  metadata: { name },
  spec: { host, ...(tls ? { tls: { termination: 'reencrypt' } } : {}) },
});

describe('meshLinks', () => {
  it('links the consoles the operator exposed with Routes', () => {
    expect(
      meshLinks({
        namespace: 'user1-sockshop',
        routes: [
          route('kiali', 'kiali-user1-istio-system.apps.example.com'),
          route('grafana', 'grafana-user1-istio-system.apps.example.com'),
          route('jaeger', 'jaeger.example.com', false),
        ],
      }),
    ).toEqual({
      kiali:
        'https://kiali-user1-istio-system.apps.example.com/console/graph/namespaces/?namespaces=user1-sockshop&graphType=versionedApp',
      grafana: 'https://grafana-user1-istio-system.apps.example.com',
      jaeger: 'http://jaeger.example.com',
    });
  });

  it('prefers configured URLs and omits what is unknown', () => {
    const mesh: any = {
      name: 'local',
      grafanaUrl: 'https://grafana.example.com/',
      kiali: { publicUrl: 'https://kiali.example.com' },
    };
    expect(
      meshLinks({
        mesh,
        namespace: 'ns',
        routes: [route('grafana', 'other.example.com')],
      }),
    ).toEqual({
      kiali:
        'https://kiali.example.com/console/graph/namespaces/?namespaces=ns&graphType=versionedApp',
      grafana: 'https://grafana.example.com',
    });
  });
});
