import { Informer, InformerEvent } from '../client/informer';
import { Kind, kindKey, kinds } from '../client/kinds';
import { KubeClient } from '../client/kubeClient';
import { K8sObject } from '../k8s/types';

const objectKey = (object: K8sObject) =>
  `${object.metadata.namespace ?? ''}/${object.metadata.name}`;

/** `apps/deployments`, `/pods`: a kind as group and plural. */
export type KindName = `${string}/${string}`;

export type CacheListener = (event: InformerEvent) => void;

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
 * Every object of the kinds the simulators need, kept current by one informer
 * per kind (list + watch against the real API server), as a real operator's
 * shared informers keep theirs. Reads cost no copies; never mutate what it
 * returns, copy before writing.
 */
export class ClusterCache {
  private readonly kinds = new Map<string, KindIndex>();
  private readonly informers: Informer[] = [];
  private readonly listeners = new Set<CacheListener>();

  constructor(
    client: KubeClient,
    watched: Kind[] = Object.values(kinds),
    log?: (message: string) => void,
  ) {
    for (const kind of watched) {
      this.kinds.set(kindKey(kind), new KindIndex());
      this.informers.push(
        new Informer(client, kind, event => this.apply(event), log).start(),
      );
    }
  }

  /** Resolves once every informer has delivered its first list. */
  async synced(): Promise<void> {
    await Promise.all(this.informers.map(informer => informer.synced()));
  }

  stop() {
    this.informers.forEach(informer => informer.stop());
    this.listeners.clear();
  }

  /** Calls the listener after every change the cache takes in; returns how to unsubscribe. */
  subscribe(listener: CacheListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls the handler for every change of the named kinds. */
  watch(names: KindName[], handler: CacheListener): () => void {
    const wanted = new Set<string>(names);
    return this.subscribe(event => {
      if (wanted.has(kindKey(event.kind))) handler(event);
    });
  }

  get(
    group: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): K8sObject | undefined {
    return this.kinds
      .get(`${group}/${plural}`)
      ?.byNamespace.get(namespace ?? '')
      ?.get(name);
  }

  /** Objects of a kind in one namespace, or in all when namespace is undefined. */
  list(group: string, plural: string, namespace?: string): K8sObject[] {
    const index = this.kinds.get(`${group}/${plural}`);
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
        .get(`${group}/${plural}`)
        ?.byOwner.get(ownerUid)
        ?.values() ?? []),
    ];
  }

  /** Whether the cluster serves the kind (its CRD is established). */
  serves(group: string, plural: string): boolean {
    if (!group.includes('.') || group.endsWith('.k8s.io')) return true;
    const crd = this.get(
      'apiextensions.k8s.io',
      'customresourcedefinitions',
      undefined,
      `${plural}.${group}`,
    );
    return (
      crd?.status?.conditions?.some(
        (c: any) => c.type === 'Established' && c.status === 'True',
      ) ?? false
    );
  }

  private apply(event: InformerEvent) {
    const index = this.kinds.get(kindKey(event.kind))!;
    if (event.type === 'DELETED') index.remove(event.object);
    else index.set(event.object);
    for (const listener of this.listeners) listener(event);
  }
}
