import { Sandbox, startSandbox } from '../sandbox';
import {
  RealPrometheus,
  PROMETHEUS_BINARY,
  prometheusInstalled,
  startRealPrometheus,
} from '../prometheus/realPrometheus';
import {
  APPS_DOMAIN,
  createAll,
  untilRolledOut,
  meshedCanary,
} from './__testUtils__/meshObjects';
import { MeshTraffic } from './meshTraffic';

const SHARE_QUERY =
  'sum by (destination_version) (rate(istio_requests_total{reporter="destination",destination_service_name="front-end"}[30s]))';

/** Polls until `check` returns a value (or the deadline passes, returning undefined). */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  seconds: number,
) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 500));
  }
  return undefined;
}

const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;
if (!prometheusInstalled()) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the Prometheus scrape test: ${PROMETHEUS_BINARY} is missing (install the Debian package "prometheus").`,
  );
}

describeWithPrometheus('a real Prometheus scraping /metrics', () => {
  let sandbox: Sandbox;
  let prometheus: RealPrometheus;

  beforeAll(async () => {
    const traffic = new MeshTraffic({ tickMs: 100 });
    sandbox = await startSandbox({
      appsDomain: APPS_DOMAIN,
      trafficRps: 200,
      controllers: [traffic.controller()],
      seed: context => createAll(context, meshedCanary()),
    });
    await untilRolledOut(sandbox);
    prometheus = await startRealPrometheus(sandbox);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await sandbox?.stop();
  });

  it('reads the 80/20 canary split back with PromQL', async () => {
    // rate() needs a few scrapes inside its window before both versions show.
    const shares = await eventually(async () => {
      const result = await prometheus.query(SHARE_QUERY);
      const byVersion: Record<string, number> = {};
      for (const r of result)
        byVersion[r.metric.destination_version] = Number(r.value[1]);
      const total = (byVersion.v1 ?? 0) + (byVersion.v2 ?? 0);
      return result.length === 2 && total > 0
        ? { v1: byVersion.v1 / total, v2: byVersion.v2 / total }
        : undefined;
    }, 45);
    expect(shares).toBeDefined();
    expect(shares!.v1).toBeGreaterThanOrEqual(0.75);
    expect(shares!.v1).toBeLessThanOrEqual(0.85);
  });
});
