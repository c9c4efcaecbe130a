import { ORIGINAL_STATE_ANNOTATION } from '@service-mesh/plugin-service-mesh-common';
import { APPS_DOMAIN, runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  stored,
  storedState,
  TestCluster,
} from '../__testUtils__/testCluster';
import { createIngressExposeAction } from './ingressExpose';

describe('servicemesh:ingress:expose', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createIngressExposeAction>;
  const input = { cluster: 'local', user: 'user1', appsDomain: APPS_DOMAIN };
  const route = (ns: string, name: string) =>
    stored(cluster.sandbox, 'route.openshift.io', 'routes', ns, name);

  beforeAll(async () => {
    cluster = await startTestCluster();
    await runGuide(cluster.config, { steps: ['controlplane'] });
    await cluster.sandbox.settle();
    action = createIngressExposeAction(cluster);
  });
  afterAll(() => cluster.stop());

  it('writes nothing in a dry run', async () => {
    const before = await storedState(cluster.sandbox);
    const { log } = await runAction(action, input, { dryRun: true });
    expect(await storedState(cluster.sandbox)).toEqual(before);
    expect(log).toContain('Route user1-sockshop/front-end: would be deleted');
    expect(log).toContain(
      'Route user1-istio-system/front-end-service-gateway: would be created',
    );
  });

  it("creates the guide's Gateway, VirtualService and Route and removes the old Route", async () => {
    const { outputs } = await runAction(action, input);
    expect(outputs.url).toBe(`http://front-end-user1-sockshop.${APPS_DOMAIN}`);
    expect(await route('user1-sockshop', 'front-end')).toBeUndefined();
    const gatewayRoute = await route(
      'user1-istio-system',
      'front-end-service-gateway',
    );
    expect(gatewayRoute?.spec).toMatchObject({
      host: `front-end-user1-sockshop.${APPS_DOMAIN}`,
      to: { kind: 'Service', name: 'istio-ingressgateway' },
      port: { targetPort: 8080 },
    });
    const original = JSON.parse(
      gatewayRoute?.metadata.annotations?.[ORIGINAL_STATE_ANNOTATION] ?? '',
    );
    expect(original.replaces).toMatchObject({
      metadata: { name: 'front-end', namespace: 'user1-sockshop' },
      spec: { to: { name: 'front-end' } },
    });
    const vs = await stored(
      cluster.sandbox,
      'networking.istio.io',
      'virtualservices',
      'user1-sockshop',
      'front-end-virtualservice',
    );
    expect(vs?.spec).toEqual({
      hosts: [`front-end-user1-sockshop.${APPS_DOMAIN}`],
      gateways: ['sockshop-wildcard-gateway'],
      http: [
        {
          route: [
            {
              destination: {
                host: 'front-end.user1-sockshop.svc.cluster.local',
                port: { number: 80 },
              },
            },
          ],
        },
      ],
    });
  });

  it('is unchanged on a second run and still remembers the original Route', async () => {
    const { log } = await runAction(action, input);
    expect(log.match(/: unchanged/g)).toHaveLength(3);
    const gatewayRoute = await route(
      'user1-istio-system',
      'front-end-service-gateway',
    );
    expect(
      JSON.parse(
        gatewayRoute?.metadata.annotations?.[ORIGINAL_STATE_ANNOTATION] ?? '',
      ).replaces.metadata.name,
    ).toBe('front-end');
  });
});
