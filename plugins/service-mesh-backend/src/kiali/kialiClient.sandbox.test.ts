import {
  KialiStrategy as SandboxKialiStrategy,
  MeshTraffic,
  Sandbox,
  defaultControllers,
  kialiController,
  meshedScenario,
  startSandbox,
} from '@internal/mesh-sandbox';
import { KialiClient, KialiSettings } from './kialiClient';

jest.setTimeout(120_000);

const NAMESPACE = 'user1-sockshop';

/** The guide's end state with traffic, behind the sandbox's Kiali with one login strategy. */
async function sandboxWithKiali(strategy: SandboxKialiStrategy) {
  const traffic = new MeshTraffic();
  const sandbox = await startSandbox({
    trafficRps: 0,
    controllers: [
      ...defaultControllers(),
      traffic.controller(),
      kialiController({
        telemetry: traffic.telemetry,
        strategy,
        // short cookie chunks, so a token session spans several cookies
        sessionCookieChunkSize: 40,
      }),
    ],
    seed: meshedScenario({ users: 1 }),
  });
  await sandbox.settle(60_000);
  sandbox.settings.trafficRps = 50;
  return sandbox;
}

const settingsFor = (
  sandbox: Sandbox,
  strategy: KialiSettings['strategy'],
): KialiSettings => ({
  url: `${sandbox.url}/kiali`,
  strategy,
  token: sandbox.tokens.read,
  tls: { ca: sandbox.caCertificate },
  timeoutMs: 3000,
  rateInterval: '30s',
  clusterName: 'local',
  configKey: 'serviceMesh.clusters[local].kiali',
});

/** Polls until front-end has traffic in Kiali's answer, then returns that answer. */
async function healthWithTraffic(client: KialiClient) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const health = await client.namespaceHealth(NAMESPACE);
    if (health.services['front-end']?.status !== 'NA') return health;
    if (Date.now() > deadline)
      throw new Error('front-end never had traffic in Kiali within 60 s');
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

describe.each(['openshift', 'token', 'anonymous'] as const)(
  'KialiClient against the sandbox Kiali with the %s strategy',
  strategy => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await sandboxWithKiali(strategy);
    });
    afterAll(() => sandbox?.stop());

    it('reads the health of every service and workload over HTTPS', async () => {
      const health = await healthWithTraffic(
        new KialiClient(settingsFor(sandbox, strategy)),
      );
      expect(health.services['front-end']).toMatchObject({
        status: 'Healthy',
        source: 'tolerances',
        errorRatio: 0,
      });
      expect(Object.keys(health.services)).toContain('carts');
      expect(health.workloads['front-end-v2']).toMatchObject({
        status: 'Healthy',
      });
    });

    if (strategy !== 'anonymous')
      it('names the server’s strategy when another one is configured', async () => {
        const other = strategy === 'token' ? 'openshift' : 'token';
        await expect(
          new KialiClient(settingsFor(sandbox, other)).namespaceHealth(
            NAMESPACE,
          ),
        ).rejects.toThrow(
          `Kiali uses the ${strategy} strategy but serviceMesh.clusters[local].kiali.strategy is ${other}: set it to ${strategy}`,
        );
      });
    else
      it('reads an anonymous Kiali even when a token strategy is configured', async () => {
        const health = await new KialiClient(
          settingsFor(sandbox, 'token'),
        ).namespaceHealth(NAMESPACE);
        expect(Object.keys(health.services)).toContain('front-end');
      });
  },
);
