/**
 * Runs controller work off the request path, one job per key at a time (a later
 * enqueue of the same key replaces a pending one), with optional delays that
 * simulate how long real operators take. `settle()` resolves when nothing is
 * pending, so in-process tests can wait for the cluster to converge.
 */
export class Scheduler {
  private readonly pending = new Map<
    string,
    { timer: NodeJS.Timeout; run: () => void }
  >();
  private running = 0;
  private waiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly onError: (key: string, error: unknown) => void = () => {},
  ) {}

  enqueue(key: string, job: () => void | Promise<void>, delayMs = 0) {
    if (this.stopped) return;
    const existing = this.pending.get(key);
    if (existing) clearTimeout(existing.timer);
    const run = async () => {
      this.pending.delete(key);
      this.running += 1;
      try {
        await job();
      } catch (error) {
        this.onError(key, error);
      } finally {
        this.running -= 1;
        this.notify();
      }
    };
    const timer = setTimeout(run, delayMs);
    this.pending.set(key, { timer, run });
  }

  get idle() {
    return this.pending.size === 0 && this.running === 0;
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

  stop() {
    this.stopped = true;
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.notify();
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
