import { KubeObject } from '../status/kubeObjects';
import {
  collectionPath,
  KindSpec,
  KubeHttpError,
  KubeTransport,
} from './kubeTransport';

/**
 * - `syncing`: the first list has not answered yet;
 * - `synced`: listed, and watching (or re-watching after a dropped watch);
 * - `not-served`: the kind is not installed (404): an empty list, listed again now and then;
 * - `forbidden-list`: the credentials may not list it (403): empty, retried now and then;
 * - `forbidden-watch`: listed, but the credentials may not watch it (403): stopped, the caller lists instead;
 * - `failed`: the first list failed otherwise (`reason`); retried with backoff.
 */
export type InformerState =
  | 'syncing'
  | 'synced'
  | 'not-served'
  | 'forbidden-list'
  | 'forbidden-watch'
  | 'failed';

export interface InformerCounters {
  lists: number;
  watches: number;
  /** Relists because the watch's resourceVersion was too old (410 Gone). */
  relistsAfterGone: number;
  /** Watches that ended with an error or were cut by the server or the network. */
  watchErrors: number;
  bookmarks: number;
  events: number;
}

export interface InformerOptions {
  transport: KubeTransport;
  kind: KindSpec;
  namespace?: string;
  /** e.g. `metadata.name=user1-sockshop` to follow one namespace object. */
  fieldSelector?: string;
  /** Called after every change of the local copy (and after the first sync). */
  onChange?: () => void;
  log?: (message: string) => void;
  /** Backoff after errors: first and longest wait. */
  backoffMs?: { initial: number; max: number };
  /** How long a watch may stay open before the server ends it (seconds; randomised ±25 %). */
  watchTimeoutSeconds?: number;
  /** Timeout of the list request. */
  listTimeoutMs?: number;
}

const keyOf = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** What the status never reads, dropped to keep the cache small (managedFields are most of a pod). */
function slim(object: any): KubeObject {
  if (object?.metadata) {
    delete object.metadata.managedFields;
    const annotations = object.metadata.annotations;
    if (annotations)
      delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  }
  return object as KubeObject;
}

const numericVersion = (rv: string | undefined) =>
  rv && /^\d+$/.test(rv) ? BigInt(rv) : undefined;

/**
 * One kind in one namespace (or cluster-wide), kept in memory as client-go's
 * reflector and informer do: list, then watch from the list's resourceVersion
 * with bookmarks; a watch that ends is resumed from the last resourceVersion
 * seen; 410 Gone (that resourceVersion is older than the server's watch
 * cache) relists; errors back off exponentially.
 */
export class Informer {
  private readonly objects = new Map<string, KubeObject>();
  private itemsCache?: KubeObject[];
  private resourceVersion = '';
  private listedOnce = false;
  private stopped = true;
  private abort?: () => void;
  private wake?: () => void;
  private readonly waiters: (() => void)[] = [];
  state: InformerState = 'syncing';
  reason?: string;
  /** Changes whenever the local copy does. */
  version = 0;
  /** When a status last read this informer (ms since the epoch). */
  lastUsed = Date.now();
  readonly counters: InformerCounters = {
    lists: 0,
    watches: 0,
    relistsAfterGone: 0,
    watchErrors: 0,
    bookmarks: 0,
    events: 0,
  };

  constructor(private readonly options: InformerOptions) {}

  get kind(): KindSpec {
    return this.options.kind;
  }

  get namespace(): string | undefined {
    return this.options.namespace;
  }

  get size(): number {
    return this.objects.size;
  }

  get lastResourceVersion(): string {
    return this.resourceVersion;
  }

  /** The objects, in a stable array that is rebuilt only after a change. */
  items(): KubeObject[] {
    if (!this.itemsCache) this.itemsCache = [...this.objects.values()];
    return this.itemsCache;
  }

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    void this.run();
    return this;
  }

  stop() {
    this.stopped = true;
    this.abort?.();
    this.wake?.();
    this.releaseWaiters();
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** Resolves once the first list answered (or failed, or was refused), or after `timeoutMs`. */
  synced(timeoutMs: number): Promise<void> {
    if (this.state !== 'syncing' || this.stopped) return Promise.resolve();
    return new Promise(resolve => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /**
   * Takes an object the backend itself just wrote (e.g. a VirtualService after
   * a traffic shift), so the next status shows it before its watch event
   * arrives; an older copy (smaller resourceVersion) never replaces a newer one.
   */
  observe(object: KubeObject & { metadata: { resourceVersion?: string } }) {
    const key = keyOf(object);
    const current = this.objects.get(key) as any;
    const next = numericVersion(object.metadata.resourceVersion);
    const have = numericVersion(current?.metadata?.resourceVersion);
    if (next !== undefined && have !== undefined && next <= have) return;
    this.set(key, slim(structuredClone(object)));
    this.changed();
  }

  private releaseWaiters() {
    this.waiters.splice(0).forEach(resolve => resolve());
  }

  private changed() {
    this.version += 1;
    this.itemsCache = undefined;
    this.options.onChange?.();
  }

  private set(key: string, object: KubeObject) {
    this.objects.set(key, object);
  }

  private sleep(ms: number) {
    return new Promise<void>(resolve => {
      const pending: { timer?: NodeJS.Timeout } = {};
      const done = () => {
        clearTimeout(pending.timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      pending.timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private query(extra: Record<string, string>) {
    const params = new URLSearchParams(extra);
    if (this.options.fieldSelector)
      params.set('fieldSelector', this.options.fieldSelector);
    return `${collectionPath(this.kind, this.namespace)}?${params}`;
  }

  private async run() {
    const backoff = this.options.backoffMs ?? { initial: 200, max: 30_000 };
    let wait = backoff.initial;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.list();
        if (this.stopped) return;
        await this.watch();
        wait = backoff.initial;
      } catch (error) {
        if (this.stopped) return;
        const code = error instanceof KubeHttpError ? error.code : undefined;
        if (code === 410) {
          // The resourceVersion is older than the server's watch cache: start over.
          this.counters.relistsAfterGone += 1;
          this.resourceVersion = '';
          continue;
        }
        const message = (error as Error).message;
        if (code === 403 && this.listedOnce) {
          // May list but not watch: the caller lists per request instead.
          this.state = 'forbidden-watch';
          this.reason = message;
          this.stopped = true;
          this.releaseWaiters();
          this.options.onChange?.();
          return;
        }
        if (this.resourceVersion) this.counters.watchErrors += 1;
        if (code === 404) this.markListed('not-served', []);
        else if (code === 403) this.markListed('forbidden-list', [], message);
        else if (this.listedOnce && this.state !== 'synced') {
          // Listed, but the watch would not open: serve the list while it retries.
          this.state = 'synced';
          this.releaseWaiters();
        } else if (this.state === 'syncing' || this.state === 'failed') {
          this.state = 'failed';
          this.reason = message;
          this.releaseWaiters();
        }
        this.options.log?.(
          `watch of ${this.kind.plural}${
            this.namespace ? ` in ${this.namespace}` : ''
          } failed (${message}); again in ${wait} ms`,
        );
        // A kind not installed is looked for again only every few minutes.
        await this.sleep(code === 404 ? Math.max(backoff.max, 300_000) : wait);
        wait = Math.min(wait * 2, backoff.max);
      }
    }
  }

  private markListed(
    state: InformerState,
    items: KubeObject[],
    reason?: string,
  ) {
    const before = this.state;
    this.replaceAll(items, before !== state);
    this.state = state;
    this.reason = reason;
    this.releaseWaiters();
  }

  private async list() {
    this.counters.lists += 1;
    const list = await this.options.transport.get(
      this.query({}),
      this.options.listTimeoutMs,
    );
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    // Synced once the watch is open too: a 403 on watch must be known to the first reader.
    this.replaceAll((list.items ?? []).map(slim), this.state !== 'synced');
    this.listedOnce = true;
  }

  private replaceAll(items: KubeObject[], forceChange: boolean) {
    let changed = forceChange;
    const fresh = new Map(items.map(o => [keyOf(o), o]));
    for (const key of this.objects.keys()) {
      if (!fresh.has(key)) {
        this.objects.delete(key);
        changed = true;
      }
    }
    for (const [key, object] of fresh) {
      const old = this.objects.get(key) as any;
      if (
        old?.metadata?.resourceVersion ===
        (object.metadata as any).resourceVersion
      )
        continue;
      this.set(key, object);
      changed = true;
    }
    if (changed || this.version === 0) this.changed();
  }

  private async watch() {
    const seconds = this.options.watchTimeoutSeconds ?? 300;
    const timeoutSeconds = Math.round(seconds * (0.75 + Math.random() / 2));
    const res = await this.options.transport.open(
      this.query({
        watch: '1',
        allowWatchBookmarks: 'true',
        resourceVersion: this.resourceVersion,
        timeoutSeconds: String(timeoutSeconds),
      }),
      abort => {
        this.abort = abort;
      },
    );
    this.counters.watches += 1;
    if (this.state !== 'synced') {
      this.state = 'synced';
      this.reason = undefined;
      this.releaseWaiters();
    }
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      let failed: Error | undefined;
      this.abort = () => res.destroy();
      if (this.stopped) res.destroy();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
          if (!line.trim()) continue;
          try {
            this.handle(JSON.parse(line));
          } catch (error) {
            failed = error as Error;
            res.destroy();
            return;
          }
        }
      });
      // A stream the server or the network cut mid-way ends without `end`.
      let ended = false;
      res.on('end', () => {
        ended = true;
      });
      res.on('close', () => {
        if (failed) reject(failed);
        else if (ended || this.stopped) resolve();
        else reject(new Error('the watch was cut'));
      });
      res.on('error', error => {
        failed = failed ?? error;
      });
    });
  }

  private handle(event: { type: string; object: any }) {
    const { type, object } = event;
    if (type === 'ERROR') {
      throw new KubeHttpError(
        object?.code ?? 500,
        `watch error: ${object?.message ?? 'unknown'}`,
      );
    }
    this.resourceVersion =
      object?.metadata?.resourceVersion ?? this.resourceVersion;
    if (type === 'BOOKMARK') {
      this.counters.bookmarks += 1;
      return;
    }
    this.counters.events += 1;
    const key = keyOf(object);
    if (type === 'DELETED') {
      if (!this.objects.delete(key)) return;
    } else {
      const current = this.objects.get(key) as any;
      const have = numericVersion(current?.metadata?.resourceVersion);
      const next = numericVersion(object.metadata.resourceVersion);
      // Our own write may already be here (observe()).
      if (have !== undefined && next !== undefined && next <= have) return;
      this.set(key, slim(object));
    }
    this.changed();
  }
}
