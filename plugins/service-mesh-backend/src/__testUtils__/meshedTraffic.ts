import {
  RealPrometheus,
  Sandbox,
  clusterControllers,
  meshedScenario,
  Scenario,
  startRealPrometheus,
  startSandbox,
} from '@internal/mesh-sandbox';
import { PrometheusClient } from '../prometheus/prometheusClient';

/**
 * The guide's end state for user1 (or `seed`'s) with Kubernetes' own
 * controllers, 100 requests per second to front-end once every pod is up,
 * and a real Prometheus scraping it, with a client of that Prometheus.
 */
export async function startMeshedTraffic(
  seed: Scenario = meshedScenario({ users: 1 }),
): Promise<{
  sandbox: Sandbox;
  prometheus: RealPrometheus;
  client: PrometheusClient;
}> {
  const sandbox = await startSandbox({
    trafficRps: 0,
    controllers: clusterControllers().controllers,
    seed,
  });
  await sandbox.settle(90_000);
  sandbox.settings.trafficRps = 100;
  const prometheus = await startRealPrometheus(sandbox);
  const client = new PrometheusClient({
    url: prometheus.url,
    headers: {},
    tls: {},
    window: '30s',
    timeoutMs: 5000,
  });
  return { sandbox, prometheus, client };
}
