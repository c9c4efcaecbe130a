import { ObjectApi } from '../k8s/objectApi';
import { StoreEvent } from '../k8s/store';

/** `apps/deployments`, `/pods`: a kind as group and plural. */
export type KindName = `${string}/${string}`;

/**
 * Calls the handler for every change of the named kinds. Handlers run inside
 * the write that caused them, so they only enqueue work, never write.
 */
export function watchKinds(
  api: ObjectApi,
  kinds: KindName[],
  handler: (event: StoreEvent) => void,
): () => void {
  const wanted = new Set<string>(kinds);
  return api.store.subscribe(event => {
    if (wanted.has(`${event.resource.group}/${event.resource.plural}`)) {
      handler(event);
    }
  });
}
