import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterError } from './errors';

/** Polls are at most this often, to spare the API server. */
export const POLL_INTERVAL_MS = 1000;

export interface Observation {
  done: boolean;
  /** What is seen now, logged whenever it changes (e.g. "3/12 components ready"). */
  progress: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Polls `observe` until it reports done; fails with a sentence naming what was
 * awaited and what was last seen once `timeoutSeconds` have passed.
 */
export async function waitFor(options: {
  what: string;
  timeoutSeconds: number;
  observe: () => Promise<Observation>;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let last = '';
  for (;;) {
    const seen = await options.observe();
    if (seen.progress !== last) {
      options.logger.info(`${options.what}: ${seen.progress}`);
      last = seen.progress;
    }
    if (seen.done) return;
    if (options.signal?.aborted) {
      throw new ClusterError(`Cancelled while waiting for ${options.what}`);
    }
    if (Date.now() >= deadline) {
      throw new ClusterError(
        `Timed out after ${options.timeoutSeconds}s waiting for ${options.what}; last seen: ${last}`,
      );
    }
    await sleep(POLL_INTERVAL_MS, options.signal);
  }
}
