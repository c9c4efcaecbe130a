import { ServerResponse } from 'node:http';
import { expired } from '../k8s/errors';
import { ObjectApi } from '../k8s/objectApi';
import {
  fieldSelectorMatcher,
  matchesLabels,
  parseLabelSelector,
} from '../k8s/selectors';
import { StoreEvent } from '../k8s/store';
import { K8sObject, ResourceType, groupVersion } from '../k8s/types';

export interface WatchTarget {
  type: ResourceType;
  version: string;
  namespace?: string;
  name?: string;
}

const BOOKMARK_INTERVAL_MS = 5_000;

/**
 * The event a selector-filtered watcher sees for a store event: an object
 * that starts matching is ADDED, one that stops matching is DELETED.
 */
function visibleEvent(
  event: StoreEvent,
  selected: (object: K8sObject) => boolean,
): StoreEvent['type'] | undefined {
  const now = selected(event.object);
  if (event.type !== 'MODIFIED' || !event.previous)
    return now ? event.type : undefined;
  const before = selected(event.previous);
  if (now) return before ? 'MODIFIED' : 'ADDED';
  return before ? 'DELETED' : undefined;
}

/**
 * `?watch=true`: newline-delimited JSON events, from a resourceVersion (or the
 * current state as ADDED events), with bookmarks when asked and a 410 Expired
 * ERROR event when the resourceVersion is older than the history kept.
 */
export function streamWatch(
  api: ObjectApi,
  res: ServerResponse,
  url: URL,
  target: WatchTarget,
) {
  const { type, version, namespace, name } = target;
  const labels = parseLabelSelector(
    url.searchParams.get('labelSelector') ?? undefined,
  );
  const fields = fieldSelectorMatcher(
    url.searchParams.get('fieldSelector') ?? undefined,
  );
  const selected = (object: K8sObject) =>
    (!name || object.metadata.name === name) &&
    matchesLabels(labels, object.metadata.labels) &&
    fields(object);
  const sameResource = (event: StoreEvent) =>
    event.resource.group === type.group &&
    event.resource.plural === type.plural &&
    (!namespace || event.object.metadata.namespace === namespace);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache',
  });
  // Clients wait for the headers before they act; an idle watch must still send them.
  res.flushHeaders();
  const send = (eventType: string, object: unknown) =>
    res.write(`${JSON.stringify({ type: eventType, object })}\n`);
  const sendEvent = (event: StoreEvent) => {
    if (!sameResource(event)) return;
    const visible = visibleEvent(event, selected);
    if (visible) send(visible, api.present(type, event.object, version));
  };

  const fromVersion = url.searchParams.get('resourceVersion');
  if (fromVersion && fromVersion !== '0') {
    const past = api.store.eventsSince(Number(fromVersion));
    if (!past) {
      send(
        'ERROR',
        expired(fromVersion, api.store.oldestResumableVersion()).status,
      );
      res.end();
      return;
    }
    past.forEach(sendEvent);
  } else {
    for (const object of api.list(type, namespace)) {
      if (selected(object)) send('ADDED', api.present(type, object, version));
    }
  }
  const unsubscribe = api.store.subscribe(sendEvent);

  const bookmark = () =>
    send('BOOKMARK', {
      kind: type.kind,
      apiVersion: groupVersion(type.group, version),
      metadata: {
        resourceVersion: String(api.store.currentResourceVersion()),
      },
    });
  const timers: NodeJS.Timeout[] = [];
  if (url.searchParams.get('allowWatchBookmarks') === 'true')
    timers.push(setInterval(bookmark, BOOKMARK_INTERVAL_MS));
  const finish = () => {
    unsubscribe();
    timers.forEach(clearInterval);
    if (!res.writableEnded) res.end();
  };
  const timeoutSeconds = Number(url.searchParams.get('timeoutSeconds') ?? 0);
  if (timeoutSeconds > 0)
    timers.push(setTimeout(finish, timeoutSeconds * 1000));
  // Not req's 'close': Node emits it once the request is read, not when the client goes.
  res.on('close', finish);
}
