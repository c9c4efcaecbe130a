import * as k8s from '@kubernetes/client-node';
import { Sandbox } from '../sandbox';
import { clientsFor } from '../__testUtils__/clients';
import {
  configMap,
  namespaceName as namespace,
  startSeededSandbox,
} from './__testUtils__/cluster';

interface SeenEvent {
  type: string;
  name: string;
  resourceVersion: string;
  object: any;
}

const configMapsPath = `/api/v1/namespaces/${namespace}/configmaps`;

describe('watch with client-node', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof clientsFor>;
  const aborts: AbortController[] = [];
  beforeAll(async () => {
    sandbox = await startSeededSandbox();
    clients = clientsFor(sandbox);
  });
  afterEach(() => aborts.splice(0).forEach(a => a.abort()));
  afterAll(() => sandbox.stop());

  /** Watches until `count` events arrived (or the server ended the stream). */
  async function watchEvents(
    query: Record<string, string | boolean>,
    count: number,
    whileWatching: () => Promise<unknown> = async () => {},
  ): Promise<{ events: SeenEvent[]; ended: boolean }> {
    const events: SeenEvent[] = [];
    let ended = false;
    let finished: () => void = () => {};
    const done = new Promise<void>(resolve => {
      finished = resolve;
    });
    const abort = await new k8s.Watch(clients.kc).watch(
      configMapsPath,
      query,
      (type, object) => {
        events.push({
          type,
          name: object.metadata?.name,
          resourceVersion: object.metadata?.resourceVersion,
          object,
        });
        if (events.length >= count) finished();
      },
      () => {
        ended = true;
        finished();
      },
    );
    aborts.push(abort);
    await whileWatching();
    await done;
    return { events, ended };
  }

  const currentVersion = async () =>
    (await clients.core.listNamespacedConfigMap({ namespace })).metadata!
      .resourceVersion!;

  it('streams ADDED, MODIFIED and DELETED in order with resourceVersions, and resumes from one', async () => {
    const from = await currentVersion();
    const { events } = await watchEvents(
      { resourceVersion: from, allowWatchBookmarks: true },
      3,
      async () => {
        await clients.core.createNamespacedConfigMap({
          namespace,
          body: configMap('carts'),
        });
        await clients.core.patchNamespacedConfigMap(
          { name: 'carts', namespace, body: { data: { key: 'v2' } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
        await clients.core.deleteNamespacedConfigMap({
          name: 'carts',
          namespace,
        });
      },
    );
    expect(events.map(e => [e.type, e.name])).toEqual([
      ['ADDED', 'carts'],
      ['MODIFIED', 'carts'],
      ['DELETED', 'carts'],
    ]);
    expect(events[1].object.data).toEqual({ key: 'v2' });
    const versions = events.map(e => Number(e.resourceVersion));
    expect(versions[0]).toBeGreaterThan(Number(from));
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(3);

    const resumed = await watchEvents(
      { resourceVersion: events[0].resourceVersion },
      2,
    );
    expect(resumed.events.map(e => [e.type, e.resourceVersion])).toEqual([
      ['MODIFIED', events[1].resourceVersion],
      ['DELETED', events[2].resourceVersion],
    ]);
  });

  it('starts with the current objects as ADDED when no resourceVersion is given', async () => {
    await clients.core.createNamespacedConfigMap({
      namespace,
      body: configMap('orders'),
    });
    const { events } = await watchEvents({}, 1);
    expect(events.map(e => [e.type, e.name])).toEqual([['ADDED', 'orders']]);
  });

  it('filters by label selector, turning label changes into ADDED and DELETED', async () => {
    const from = await currentVersion();
    const { events } = await watchEvents(
      { resourceVersion: from, labelSelector: 'app=catalogue' },
      3,
      async () => {
        await clients.core.createNamespacedConfigMap({
          namespace,
          body: configMap('users', { app: 'users' }),
        });
        await clients.core.createNamespacedConfigMap({
          namespace,
          body: configMap('catalogue', { app: 'catalogue' }),
        });
        await clients.core.patchNamespacedConfigMap(
          {
            name: 'users',
            namespace,
            body: { metadata: { labels: { app: 'catalogue' } } },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
        await clients.core.patchNamespacedConfigMap(
          {
            name: 'catalogue',
            namespace,
            body: { metadata: { labels: { app: 'catalogue-db' } } },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
      },
    );
    expect(events.map(e => [e.type, e.name])).toEqual([
      ['ADDED', 'catalogue'],
      ['ADDED', 'users'],
      ['DELETED', 'catalogue'],
    ]);
  });

  it('sends an ERROR event with a 410 Expired Status for a too old resourceVersion', async () => {
    const old = await currentVersion();
    await clients.core.createNamespacedConfigMap({
      namespace,
      body: configMap('payment'),
    });
    sandbox.api.store.compactHistory();
    const { events } = await watchEvents({ resourceVersion: old }, 1);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ERROR');
    expect(events[0].object).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: expect.stringMatching(
        new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`),
      ),
      reason: 'Expired',
      code: 410,
    });
  });

  it('watches one object by field selector', async () => {
    const from = await currentVersion();
    const { events } = await watchEvents(
      { resourceVersion: from, fieldSelector: 'metadata.name=shipping' },
      1,
      async () => {
        await clients.core.createNamespacedConfigMap({
          namespace,
          body: configMap('queue-master'),
        });
        await clients.core.createNamespacedConfigMap({
          namespace,
          body: configMap('shipping'),
        });
      },
    );
    expect(events.map(e => [e.type, e.name])).toEqual([['ADDED', 'shipping']]);
  });
});
