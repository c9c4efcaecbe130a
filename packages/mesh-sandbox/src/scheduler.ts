import { sleep } from './sleep';
/**
 * Runs controller work off the request path, one job per key at a time: an
 * enqueue while the key's job is pending replaces it, and an enqueue while it
 * runs queues one more run after it (as a workqueue does), so a reconcile never
 * overlaps itself. Optional delays simulate how long real operators take.
 * `settle()` resolves when nothing is pending or running.
 */
export class Scheduler {
  private readonly pending = new Map<
    string,
    { timer: NodeJS.Timeout; job: () => void | Promise<void> }
  >();
  private readonly runningKeys = new Map<
    string,
    { job: () => void | Promise<void>; delayMs: number } | undefined
  >();
  private waiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly onError: (key: string, error: unknown) => void = () => {},
  ) {}

  enqueue(key: string, job: () => void | Promise<void>, delayMs = 0) {
    if (this.stopped) return;
    if (this.runningKeys.has(key)) {
      this.runningKeys.set(key, { job, delayMs });
      return;
    }
    const existing = this.pending.get(key);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => void this.run(key), delayMs);
    this.pending.set(key, { timer, job });
  }

  private async run(key: string) {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.pending.delete(key);
    this.runningKeys.set(key, undefined);
    try {
      await entry.job();
    } catch (error) {
      this.onError(key, error);
    } finally {
      const again = this.runningKeys.get(key);
      this.runningKeys.delete(key);
      if (again) this.enqueue(key, again.job, again.delayMs);
      this.notify();
    }
  }

  get idle() {
    return this.pending.size === 0 && this.runningKeys.size === 0;
  }

  /** Resolves once no job is pending or running (jobs may enqueue more). */
  settle(timeoutMs = 10_000): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `the sandbox did not settle within ${timeoutMs} ms: ${[
                ...this.pending.keys(),
                ...this.runningKeys.keys(),
              ].join(', ')}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Runs nothing more; resolves once the jobs already running have finished. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.notify();
    const deadline = Date.now() + timeoutMs;
    while (this.runningKeys.size > 0 && Date.now() < deadline) {
      await sleep(10);
    }
  }

  private notify() {
    if (!this.idle && !this.stopped) return;
    setImmediate(() => {
      if (!this.idle && !this.stopped) return;
      const waiters = this.waiters;
      this.waiters = [];
      waiters.forEach(w => w());
    });
  }
}
