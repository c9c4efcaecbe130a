/**
 * A value read on a schedule and shared by every viewer: read at once on the
 * first use, then every `intervalMs` aligned to the wall clock (`offsetMs`
 * after each multiple of the interval, so just after the scrape of a
 * Prometheus scraping that often), while someone reads it; stopped after
 * `idleStopMs` without a reader. `version` changes only when the value does.
 */
export class Poller<T> {
  private latest?: { value: T; version: number };
  private first?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private json = '';
  private readonly listeners = new Set<() => void>();
  private version = 0;
  lastUsed: number;
  polls = 0;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly options: {
      intervalMs: number;
      offsetMs: number;
      idleStopMs: number;
      now?: () => number;
    },
  ) {
    this.lastUsed = this.now();
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** The version of the latest value (0 before the first). */
  get currentVersion(): number {
    return this.latest?.version ?? 0;
  }

  get running(): boolean {
    return this.first !== undefined;
  }

  /** The latest value and its version (waiting for the first read when there is none yet). */
  async get(): Promise<{ value: T; version: number }> {
    this.lastUsed = this.now();
    if (!this.first) {
      this.first = this.poll();
      this.schedule();
    }
    if (this.latest) return this.latest;
    await this.first;
    return this.latest ?? this.get();
  }

  touch() {
    this.lastUsed = this.now();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private async poll(): Promise<void> {
    this.polls += 1;
    const value = await this.read();
    const json = JSON.stringify(value);
    if (json === this.json && this.latest) return;
    this.json = json;
    this.version += 1;
    this.latest = { value, version: this.version };
    for (const listener of this.listeners) listener();
  }

  private schedule() {
    const { intervalMs, offsetMs } = this.options;
    const now = this.now();
    const next =
      Math.ceil((now - offsetMs + 1) / intervalMs) * intervalMs + offsetMs;
    this.timer = setTimeout(() => {
      if (this.now() - this.lastUsed > this.options.idleStopMs) {
        this.stop();
        return;
      }
      this.poll().catch(() => {});
      this.schedule();
    }, Math.max(next - now, 50));
    this.timer.unref?.();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.first = undefined;
    this.latest = undefined;
    this.json = '';
  }
}
