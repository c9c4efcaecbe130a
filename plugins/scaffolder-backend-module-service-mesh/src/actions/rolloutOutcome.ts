import { LoggerService } from '@backstage/backend-plugin-api';
import * as k8s from '@kubernetes/client-node';
import {
  RolloutEvent,
  RolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';
import {
  readRollout,
  StoredRollout,
} from '@service-mesh/plugin-service-mesh-node';

/** The rollout's outcome is read this often: its runner checks once an interval, far less often. */
export const ROLLOUT_POLL_MS = 3000;

/** A rollout that ended other than promoted, or did not end in time. */
export class RolloutOutcomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutOutcomeError';
  }
}

const eventKey = (e: RolloutEvent) => `${e.at} ${e.kind} ${e.message}`;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Logs the timeline's events not logged yet, oldest first. */
export class TimelineLog {
  private readonly seen = new Set<string>();

  constructor(private readonly logger: LoggerService) {}

  add(timeline: RolloutEvent[]) {
    for (const event of timeline) {
      const key = eventKey(event);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.logger.info(`${event.at} ${event.kind}: ${event.message}`);
    }
  }
}

const describeRollout = (plan: RolloutPlan) =>
  `The rollout of ${plan.service} to ${plan.canary.version}`;

/**
 * Polls the rollout until it ends, logging each new timeline event: answers
 * the promoted rollout; throws RolloutOutcomeError with the last event's
 * message when it was rolled back or aborted, and when it is still running
 * after `timeoutSeconds` (it then goes on without this step).
 */
export async function waitForRolloutOutcome(options: {
  kc: k8s.KubeConfig;
  namespace: string;
  service: string;
  timeoutSeconds: number;
  timeline: TimelineLog;
  signal?: AbortSignal;
}): Promise<StoredRollout> {
  const { kc, namespace, service, timeline } = options;
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  for (;;) {
    const rollout = await readRollout(kc, namespace, service);
    timeline.add(rollout.timeline);
    const { plan, state } = rollout.record;
    const last = rollout.timeline[rollout.timeline.length - 1]?.message;
    if (state.phase === 'promoted') return rollout;
    if (state.phase === 'rolledBack' || state.phase === 'aborted') {
      throw new RolloutOutcomeError(
        `${describeRollout(plan)} was ${
          state.phase === 'rolledBack' ? 'rolled back' : 'aborted'
        }: ${last ?? `${plan.canary.version} is at ${state.weight} %`}`,
      );
    }
    const stillRunning = `${describeRollout(plan)} is still ${state.phase} at ${
      state.weight
    } %`;
    if (options.signal?.aborted) {
      throw new RolloutOutcomeError(
        `Cancelled while waiting: ${stillRunning}; it keeps running`,
      );
    }
    if (Date.now() >= deadline) {
      throw new RolloutOutcomeError(
        `${stillRunning} after ${options.timeoutSeconds} s; it keeps running`,
      );
    }
    await sleep(ROLLOUT_POLL_MS, options.signal);
  }
}
