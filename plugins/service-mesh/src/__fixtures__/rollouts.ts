import {
  ExternalDelivery,
  RolloutEvent,
  RolloutPhase,
  RolloutPlan,
  RolloutView,
  ServiceStatus,
  rolloutSteps,
} from '@service-mesh/plugin-service-mesh-common';
import { frontEnd } from './meshStatus';

/**
 * Rollouts of SockShop's front-end from v1 to v2, as the backend reports
 * them on the service: the plan with the form's defaults, a timeline of a
 * start, two checks and an advance to 25 %.
 */

export const frontEndPlan: RolloutPlan = {
  service: 'front-end',
  stable: { subset: 'v1', version: 'v1' },
  canary: { subset: 'v2', version: 'v2' },
  steps: [10, 25, 50],
  bakeSeconds: 60,
  checks: {
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 500,
    minRequests: 20,
    interval: '1m',
    failedChecksThreshold: 2,
  },
};

export const frontEndTimeline: RolloutEvent[] = [
  {
    at: '2026-12-04T12:00:00.000Z',
    kind: 'start',
    weight: 10,
    actor: 'user:default/alice',
    message:
      'user:default/alice started a rollout of front-end v2: steps 10, 25, 50, 100; step 1 at 10 %',
  },
  {
    at: '2026-12-04T12:01:00.000Z',
    kind: 'check',
    weight: 10,
    message:
      'step 1 (10 %) check passed: success 99.8 % >= 99 %, p99 120 ms <= 500 ms over 1m, 240 requests',
    results: { requests: 240, successRatePercent: 99.8, p99LatencyMs: 120 },
  },
  {
    at: '2026-12-04T12:02:00.000Z',
    kind: 'advance',
    weight: 25,
    message:
      'step 1 (10 %) passed: success 99.5 % >= 99 %, p99 180 ms <= 500 ms over 1m, 250 requests; step 2 at 25 %',
    results: { requests: 250, successRatePercent: 99.5, p99LatencyMs: 180 },
  },
  {
    at: '2026-12-04T12:03:00.000Z',
    kind: 'check',
    weight: 25,
    message:
      'step 2 (25 %) check failed (1 of 2): success 97 % < 99 %, p99 620 ms > 500 ms over 1m, 260 requests',
    results: { requests: 260, successRatePercent: 97, p99LatencyMs: 620 },
  },
];

/** The rollout at step 2 (25 %) in `phase`, with the timeline above. */
export function frontEndRollout(
  phase: RolloutPhase = 'progressing',
  timeline: RolloutEvent[] = frontEndTimeline,
): RolloutView {
  const weights: Record<RolloutPhase, number> = {
    progressing: 25,
    paused: 25,
    promoted: 100,
    rolledBack: 0,
    aborted: 0,
  };
  const weight = weights[phase];
  return {
    route: {
      kind: 'VirtualService',
      name: 'front-end-virtualservice',
      index: 0,
    },
    plan: frontEndPlan,
    state: {
      phase,
      stepIndex: 1,
      weight,
      failedChecks: 1,
      stepStartedAt: '2026-12-04T12:02:00.000Z',
      lastCheckAt: '2026-12-04T12:03:00.000Z',
    },
    steps: rolloutSteps(frontEndPlan),
    timeline,
  };
}

/** front-end with a rollout of v2 in `phase`; the route's weights follow it. */
export function frontEndWithRollout(
  phase: RolloutPhase = 'progressing',
  timeline?: RolloutEvent[],
): ServiceStatus {
  const rollout = frontEndRollout(phase, timeline);
  const v2 = rollout.state.weight;
  return { ...frontEnd({ v1: 100 - v2, v2 }), rollout };
}

export const frontEndFlaggerCanary: ExternalDelivery = {
  tool: 'flagger',
  kind: 'Canary',
  namespace: 'user1-sockshop',
  name: 'front-end',
  phase: 'Progressing',
  canaryWeight: 20,
  message: 'Advance front-end.user1-sockshop canary weight 20',
};

/** front-end whose route Flagger owns. */
export function frontEndDeliveredBy(
  deliveredBy: ExternalDelivery = frontEndFlaggerCanary,
): ServiceStatus {
  return { ...frontEnd(), deliveredBy };
}
