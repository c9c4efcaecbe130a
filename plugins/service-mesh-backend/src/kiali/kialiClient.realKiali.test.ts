import {
  RESPONSE_CODE_ANNOTATION,
  RealKiali,
  RealPrometheus,
  Sandbox,
  clusterControllers,
  kinds,
  meshedScenario,
  prometheusInstalled,
  startRealKiali,
  startRealPrometheus,
  startSandbox,
} from '@internal/mesh-sandbox';
import { KialiHealth } from '@service-mesh/plugin-service-mesh-common';
import { KialiClient, NamespaceHealth } from './kialiClient';

jest.setTimeout(300_000);

const NAMESPACE = 'user1-sockshop';
const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;

/** Polls our client's reading of real Kiali until `done` holds for it. */
async function healthUntil(
  client: KialiClient,
  done: (health: NamespaceHealth) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<NamespaceHealth> {
  const deadline = Date.now() + timeoutMs;
  let last: NamespaceHealth | undefined;
  for (;;) {
    last = await client.namespaceHealth(NAMESPACE);
    if (done(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `${what} within ${timeoutMs / 1000} s; last health: ${JSON.stringify(
          last,
        )}`,
      );
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

const statusOf = (entry: KialiHealth | undefined) => entry?.status;

/**
 * Our Kiali client against a real Kiali 1.73 server (built from the Go module
 * proxy), which reads the real API server with its own informers and computes
 * request rates from a real Prometheus scraping the sandbox's Istio metrics:
 * the health the card shows is what that Kiali's answers mean.
 */
describeWithPrometheus('KialiClient against a real Kiali 1.73', () => {
  let sandbox: Sandbox;
  let prometheus: RealPrometheus;
  let kiali: RealKiali;
  let client: KialiClient;

  beforeAll(async () => {
    sandbox = await startSandbox({
      trafficRps: 0,
      controllers: clusterControllers().controllers,
      seed: meshedScenario({ users: 1 }),
    });
    await sandbox.settle(90_000);
    sandbox.settings.trafficRps = 100;
    prometheus = await startRealPrometheus(sandbox);
    kiali = await startRealKiali(sandbox, prometheus, {
      istioNamespace: 'user1-istio-system',
    });
    client = new KialiClient({
      url: kiali.url,
      strategy: 'anonymous',
      tls: {},
      timeoutMs: 10_000,
      rateInterval: '30s',
      clusterName: 'local',
      configKey: 'serviceMesh.clusters[local].kiali',
    });
  });
  afterAll(async () => {
    await kiali?.stop();
    await prometheus?.stop();
    await sandbox?.stop();
  });

  it('shows every SockShop service Healthy from Kiali’s own rates while all answers are 2xx', async () => {
    const health = await healthUntil(
      client,
      h => (h.services['front-end']?.requestRate ?? 0) > 0,
      'front-end never had traffic in real Kiali',
    );
    expect(health.services['front-end']).toMatchObject({
      status: 'Healthy',
      source: 'tolerances',
      errorRatio: 0,
    });
    expect(statusOf(health.services.carts)).toBe('Healthy');
    expect(statusOf(health.workloads['front-end'])).toBe('Healthy');
    expect(statusOf(health.workloads.user)).toBe('Healthy');
  });

  it('shows a service whose pods answer 503 as Failure, naming the 5xx threshold, as Kiali’s UI would', async () => {
    const pods = await sandbox.client.list(kinds.pods, NAMESPACE, {
      labelSelector: 'name=carts',
    });
    expect(pods.items.length).toBeGreaterThan(0);
    for (const pod of pods.items)
      await sandbox.client.mergePatch(
        kinds.pods,
        NAMESPACE,
        pod.metadata.name!,
        {
          metadata: { annotations: { [RESPONSE_CODE_ANNOTATION]: '503' } },
        },
      );
    const health = await healthUntil(
      client,
      h => statusOf(h.services.carts) === 'Failure',
      'carts never turned Failure in real Kiali',
    );
    expect(health.services.carts.violation).toMatchObject({
      level: 'failure',
      // a real Kiali always sends its health_config rates in /api/config
      tolerance: 'configured',
    });
    expect(health.services.carts.reason).toMatch(/5xx/);
    expect(statusOf(health.services.catalogue)).toBe('Healthy');
  });

  it('shows a workload scaled to zero as Not Ready from the replicas Kiali reports', async () => {
    await sandbox.client.mergePatch(kinds.deployments, NAMESPACE, 'user', {
      spec: { replicas: 0 },
    });
    const health = await healthUntil(
      client,
      h => statusOf(h.workloads.user) === 'Not Ready',
      'the user workload never turned Not Ready in real Kiali',
    );
    expect(health.workloads.user.reason).toBe('pods: scaled to 0 pods');
  });
});
