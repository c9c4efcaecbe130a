import { sleep } from '../sleep';
import { K8sObject } from '../k8s/types';
import { KubeApiError, KubeClient } from './kubeClient';
import { Kind, resourcePath } from './kinds';

export type InformerEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface InformerEvent {
  type: InformerEventType;
  kind: Kind;
  object: K8sObject;
}

const objectKey = (o: K8sObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * List then watch one kind cluster-wide, as client-go's reflector does: watch
 * from the list's resourceVersion with bookmarks, relist on 410 Gone, back off
 * on errors. A kind the server does not serve (a CRD not installed yet) is
 * retried until it is. Calls `onEvent` for every change of the local copy.
 */
export class Informer {
  private readonly objects = new Map<string, K8sObject>();
  private resourceVersion = '';
  private stopped = false;
  private abort: (() => void) | undefined;
  private syncedOnce = false;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(
    private readonly client: KubeClient,
    readonly kind: Kind,
    private readonly onEvent: (event: InformerEvent) => void,
    private readonly log: (message: string) => void = () => {},
  ) {}

  start() {
    void this.run();
    return this;
  }

  /** Resolves once the first list has been delivered (or at once for kinds not served yet). */
  synced(): Promise<void> {
    if (this.syncedOnce) return Promise.resolve();
    return new Promise(resolve => this.syncWaiters.push(resolve));
  }

  get lastResourceVersion() {
    return this.resourceVersion;
  }

  stop() {
    this.stopped = true;
    this.abort?.();
  }

  private markSynced() {
    if (this.syncedOnce) return;
    this.syncedOnce = true;
    this.syncWaiters.splice(0).forEach(resolve => resolve());
  }

  private async run() {
    let backoffMs = 100;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        await this.watch();
        backoffMs = 100;
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof KubeApiError && error.code === 410) {
          this.resourceVersion = '';
          continue;
        }
        if (error instanceof KubeApiError && error.code === 404) {
          // Not served (yet): nothing to list, which counts as synced.
          this.replaceAll([]);
          this.markSynced();
        } else {
          this.log(
            `watch of ${this.kind.plural} failed: ${(error as Error).message}`,
          );
        }
        await sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 2000);
      }
    }
  }

  private async relist() {
    const list = await this.client.list(this.kind);
    this.replaceAll(list.items);
    this.resourceVersion = list.metadata.resourceVersion;
    this.markSynced();
  }

  private replaceAll(items: K8sObject[]) {
    const fresh = new Map(items.map(o => [objectKey(o), o]));
    for (const [key, old] of this.objects) {
      if (!fresh.has(key)) {
        this.objects.delete(key);
        this.onEvent({ type: 'DELETED', kind: this.kind, object: old });
      }
    }
    for (const [key, object] of fresh) {
      const old = this.objects.get(key);
      if (old?.metadata.resourceVersion === object.metadata.resourceVersion)
        continue;
      this.objects.set(key, object);
      this.onEvent({
        type: old ? 'MODIFIED' : 'ADDED',
        kind: this.kind,
        object,
      });
    }
  }

  private async watch() {
    const path = `${resourcePath(
      this.kind,
    )}?watch=1&allowWatchBookmarks=true&resourceVersion=${
      this.resourceVersion
    }&timeoutSeconds=300`;
    const res = await this.client.stream('GET', path);
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      let failed: Error | undefined;
      this.abort = () => res.destroy();
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
      res.on('close', () => (failed ? reject(failed) : resolve()));
      res.on('error', error => reject(failed ?? error));
    });
  }

  private handle(event: { type: string; object: any }) {
    const { type, object } = event;
    if (type === 'ERROR') {
      const status = object ?? {};
      throw new KubeApiError(
        status.code ?? 500,
        status.reason ?? '',
        status.message ?? 'watch error',
        status,
      );
    }
    this.resourceVersion =
      object?.metadata?.resourceVersion ?? this.resourceVersion;
    if (type === 'BOOKMARK') return;
    const key = objectKey(object);
    if (type === 'DELETED') {
      this.objects.delete(key);
    } else {
      this.objects.set(key, object);
    }
    this.onEvent({ type: type as InformerEventType, kind: this.kind, object });
  }
}
