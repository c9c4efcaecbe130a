import { ResourceType } from './types';
import { K8sObject } from './types';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: K8sObject;
  /** The object before a MODIFIED change (watches with selectors need both). */
  previous?: K8sObject;
  resourceVersion: number;
}

type Listener = (event: StoreEvent) => void;

const resourceKey = (type: ResourceType) => `${type.group}/${type.plural}`;
const objectKey = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

/** How many past events a watch can resume from before it gets 410 Expired. */
const HISTORY_LIMIT = 20_000;

/**
 * Keeps every object of the cluster with a monotonic resourceVersion and a
 * bounded history of changes for watches. Objects are stored version-neutral;
 * the API layer sets apiVersion on the way out. Callers get copies.
 */
export class ObjectStore {
  private readonly objects = new Map<string, Map<string, K8sObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private revision = 1;

  currentResourceVersion(): number {
    return this.revision;
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): K8sObject | undefined {
    const found = this.objects
      .get(resourceKey(type))
      ?.get(objectKey(type.namespaced ? namespace : undefined, name));
    return found ? structuredClone(found) : undefined;
  }

  /** Objects of a kind, in one namespace or all, sorted by namespace and name. */
  list(type: ResourceType, namespace?: string): K8sObject[] {
    const all = this.objects.get(resourceKey(type));
    if (!all) return [];
    const items: K8sObject[] = [];
    for (const object of all.values()) {
      if (
        namespace &&
        type.namespaced &&
        object.metadata.namespace !== namespace
      ) {
        continue;
      }
      items.push(object);
    }
    return items
      .sort((a, b) =>
        objectKey(a.metadata.namespace, a.metadata.name!).localeCompare(
          objectKey(b.metadata.namespace, b.metadata.name!),
        ),
      )
      .map(o => structuredClone(o));
  }

  /** Number of objects of a kind, without copying them. */
  count(type: ResourceType): number {
    return this.objects.get(resourceKey(type))?.size ?? 0;
  }

  /** Stores a new or changed object under the next resourceVersion. */
  put(type: ResourceType, object: K8sObject): K8sObject {
    const key = objectKey(
      type.namespaced ? object.metadata.namespace : undefined,
      object.metadata.name!,
    );
    let bucket = this.objects.get(resourceKey(type));
    if (!bucket) {
      bucket = new Map();
      this.objects.set(resourceKey(type), bucket);
    }
    const previous = bucket.get(key);
    this.revision += 1;
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(this.revision);
    bucket.set(key, stored);
    this.emit({
      type: previous ? 'MODIFIED' : 'ADDED',
      resource: type,
      object: stored,
      ...(previous ? { previous } : {}),
      resourceVersion: this.revision,
    });
    return structuredClone(stored);
  }

  remove(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): K8sObject | undefined {
    const bucket = this.objects.get(resourceKey(type));
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    const found = bucket?.get(key);
    if (!bucket || !found) return undefined;
    bucket.delete(key);
    this.revision += 1;
    const removed = structuredClone(found);
    removed.metadata.resourceVersion = String(this.revision);
    this.emit({
      type: 'DELETED',
      resource: type,
      object: removed,
      resourceVersion: this.revision,
    });
    return structuredClone(removed);
  }

  /**
   * Events after a resourceVersion, or undefined when that version is older
   * than the history kept (the watch must re-list: 410 Expired).
   */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (
      resourceVersion < this.oldestResumableVersion() &&
      resourceVersion < this.revision
    ) {
      return undefined;
    }
    return this.history.filter(e => e.resourceVersion > resourceVersion);
  }

  /** The oldest resourceVersion a watch can still resume from. */
  oldestResumableVersion(): number {
    return (this.history[0]?.resourceVersion ?? this.revision + 1) - 1;
  }

  /**
   * Forgets the change history, as etcd compaction does: watches from an older
   * resourceVersion then get 410 Expired and must re-list.
   */
  compactHistory() {
    this.history.splice(0, this.history.length);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoreEvent) {
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) {
      this.history.splice(0, this.history.length - HISTORY_LIMIT);
    }
    for (const listener of [...this.listeners]) {
      listener(event);
    }
  }
}
