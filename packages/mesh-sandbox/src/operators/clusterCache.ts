import { ObjectApi } from '../k8s/objectApi';
import { K8sObject } from '../k8s/types';

const kindKey = (group: string, plural: string) => `${group}/${plural}`;
const objectKey = (object: K8sObject) =>
  `${object.metadata.namespace ?? ''}/${object.metadata.name}`;

class KindIndex {
  /** namespace ('' for cluster-scoped) -> name -> object */
  readonly byNamespace = new Map<string, Map<string, K8sObject>>();
  /** owner uid -> object key -> object */
  readonly byOwner = new Map<string, Map<string, K8sObject>>();

  set(object: K8sObject) {
    this.remove(object);
    const namespace = object.metadata.namespace ?? '';
    let names = this.byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      this.byNamespace.set(namespace, names);
    }
    names.set(object.metadata.name!, object);
    for (const ref of object.metadata.ownerReferences ?? []) {
      let owned = this.byOwner.get(ref.uid);
      if (!owned) {
        owned = new Map();
        this.byOwner.set(ref.uid, owned);
      }
      owned.set(objectKey(object), object);
    }
  }

  remove(object: K8sObject) {
    const names = this.byNamespace.get(object.metadata.namespace ?? '');
    const previous = names?.get(object.metadata.name!);
    if (!previous) return;
    names!.delete(object.metadata.name!);
    for (const ref of previous.metadata.ownerReferences ?? []) {
      this.byOwner.get(ref.uid)?.delete(objectKey(previous));
    }
  }
}

/**
 * Every object of the cluster, kept current from the store's events, as the
 * informers of a real controller keep theirs: reads cost no copies, which
 * matters with thousands of pods. The objects are the store's own: never
 * mutate them, copy before writing.
 */
export class ClusterCache {
  private readonly kinds = new Map<string, KindIndex>();

  constructor(api: ObjectApi) {
    for (const type of api.registry.all()) {
      for (const object of api.store.list(type)) {
        this.kind(type.group, type.plural).set(object);
      }
    }
    api.store.subscribe(event => {
      const index = this.kind(event.resource.group, event.resource.plural);
      if (event.type === 'DELETED') index.remove(event.object);
      else index.set(event.object);
    });
  }

  get(
    group: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): K8sObject | undefined {
    return this.kinds
      .get(kindKey(group, plural))
      ?.byNamespace.get(namespace ?? '')
      ?.get(name);
  }

  /** Objects of a kind in one namespace, or in all when namespace is undefined. */
  list(group: string, plural: string, namespace?: string): K8sObject[] {
    const index = this.kinds.get(kindKey(group, plural));
    if (!index) return [];
    if (namespace !== undefined) {
      return [...(index.byNamespace.get(namespace)?.values() ?? [])];
    }
    return [...index.byNamespace.values()].flatMap(names => [
      ...names.values(),
    ]);
  }

  /** Objects of a kind whose ownerReferences name the owner's uid. */
  ownedBy(group: string, plural: string, ownerUid: string): K8sObject[] {
    return [
      ...(this.kinds
        .get(kindKey(group, plural))
        ?.byOwner.get(ownerUid)
        ?.values() ?? []),
    ];
  }

  private kind(group: string, plural: string): KindIndex {
    const key = kindKey(group, plural);
    let index = this.kinds.get(key);
    if (!index) {
      index = new KindIndex();
      this.kinds.set(key, index);
    }
    return index;
  }
}

const caches = new WeakMap<ObjectApi, ClusterCache>();

/** The one cache of a sandbox's API, shared by all its controllers. */
export function clusterCacheOf(api: ObjectApi): ClusterCache {
  let cache = caches.get(api);
  if (!cache) {
    cache = new ClusterCache(api);
    caches.set(api, cache);
  }
  return cache;
}
