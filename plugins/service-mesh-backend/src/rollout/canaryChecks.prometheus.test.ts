import {
  RealPrometheus,
  Sandbox,
  prometheusInstalled,
} from '@internal/mesh-sandbox';
import {
  RolloutCheckResults,
  RolloutPlan,
  decideRolloutStep,
  initialRolloutState,
} from '@service-mesh/plugin-service-mesh-common';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { startMeshedTraffic } from '../__testUtils__/meshedTraffic';
import { canaryCheckResults } from './canaryChecks';
import { eventually, sandboxRequest } from '../__testUtils__/sandboxRequests';

jest.setTimeout(180_000);

const describeWithPrometheus = prometheusInstalled() ? describe : describe.skip;

const plan: RolloutPlan = {
  service: 'front-end',
  stable: { subset: 'v1', version: 'v1' },
  canary: { subset: 'v2', version: 'v2' },
  steps: [20, 50],
  bakeSeconds: 0,
  checks: {
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 500,
    minRequests: 20,
    interval: '30s',
    failedChecksThreshold: 1,
  },
};

/**
 * The canary checks' PromQL against a real Prometheus scraping the sandbox,
 * with front-end v2 made to fail 30 % of its requests and answer 800 ms later.
 */
describeWithPrometheus(
  'canary checks on a faulty v2 in the local cluster',
  () => {
    let sandbox: Sandbox;
    let prometheus: RealPrometheus;
    let client: PrometheusClient;
    const v2 = {
      namespace: 'user1-sockshop',
      service: 'front-end',
      version: 'v2',
    };
    const v1 = { ...v2, version: 'v1' };

    beforeAll(async () => {
      ({ sandbox, prometheus, client } = await startMeshedTraffic());
    });

    afterAll(async () => {
      await prometheus?.stop();
      await sandbox?.stop();
    });

    it('refuses the endpoint without the admin token and a bad fault', async () => {
      const fault = {
        namespace: 'user1-sockshop',
        app: 'front-end',
        version: 'v2',
        errorRate: 0.3,
      };
      const refused = await sandboxRequest(
        sandbox,
        'POST',
        '/_sandbox/workload-faults',
        sandbox.tokens.write,
        fault,
      );
      expect(refused.status).toBe(401);
      const bad = await sandboxRequest(
        sandbox,
        'POST',
        '/_sandbox/workload-faults',
        sandbox.tokens.admin,
        { ...fault, errorRate: 30 },
      );
      expect(bad).toMatchObject({
        status: 400,
        json: {
          message: 'workload fault: errorRate must be a number from 0 to 1',
        },
      });
    });

    it("sees v2's success rate and p99 as the checks compute them", async () => {
      const healthy = await eventually(
        () => canaryCheckResults(client, v2, '30s'),
        r => r.requests >= 100,
        60,
      );
      expect(healthy.successRatePercent).toBe(100);
      expect(healthy.p99LatencyMs!).toBeLessThan(100);

      const set = await sandboxRequest(
        sandbox,
        'POST',
        '/_sandbox/workload-faults',
        sandbox.tokens.admin,
        {
          namespace: 'user1-sockshop',
          app: 'front-end',
          version: 'v2',
          errorRate: 0.3,
          latencyMs: 800,
        },
      );
      expect(set.status).toBe(201);

      // once the 30 s window holds only faulty traffic
      const faulty: RolloutCheckResults = await eventually(
        () => canaryCheckResults(client, v2, '30s'),
        r => r.successRatePercent !== null && r.successRatePercent <= 71,
        90,
      );
      expect(faulty.successRatePercent!).toBeGreaterThanOrEqual(69);
      expect(faulty.successRatePercent!).toBeLessThanOrEqual(71);
      // every answer now takes 800 ms more: Envoy's 500-1000 ms bucket
      expect(faulty.p99LatencyMs!).toBeGreaterThan(800);
      expect(faulty.p99LatencyMs!).toBeLessThanOrEqual(1000);
      expect(faulty.requests).toBeGreaterThanOrEqual(plan.checks.minRequests);

      const stable = await canaryCheckResults(client, v1, '30s');
      expect(stable.successRatePercent).toBe(100);
      expect(stable.p99LatencyMs!).toBeLessThan(100);

      // a step at 20 % that started one interval ago, checked now
      const now = new Date();
      const decision = decideRolloutStep(
        plan,
        initialRolloutState(20, new Date(now.getTime() - 30_000)),
        faulty,
        now,
      );
      expect(decision.action).toBe('rollback');

      const cleared = await sandboxRequest(
        sandbox,
        'DELETE',
        '/_sandbox/workload-faults',
        sandbox.tokens.admin,
      );
      expect(cleared).toEqual({ status: 200, json: { faults: [] } });
    });
  },
);
