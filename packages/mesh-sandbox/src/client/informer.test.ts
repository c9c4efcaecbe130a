import { IncomingMessage } from 'node:http';
import { Sandbox, startSandbox } from '../sandbox';
import { eventually } from '../__testUtils__/eventually';
import { Informer, InformerEvent } from './informer';
import { Kind, kinds } from './kinds';
import { KubeClient, readText } from './kubeClient';

const namespace = 'informer-test';

/** A kind of our own, so that its watch cache starts after the rest of the cluster's. */
const widgets: Kind = {
  group: 'informer.mesh-sandbox.test',
  version: 'v1',
  plural: 'widgets',
  kind: 'Widget',
  namespaced: true,
};
const widgetCrd = {
  metadata: { name: `${widgets.plural}.${widgets.group}` },
  spec: {
    group: widgets.group,
    scope: 'Namespaced',
    names: {
      kind: 'Widget',
      listKind: 'WidgetList',
      plural: 'widgets',
      singular: 'widget',
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
    ],
  },
};

/** A client that records what it asks the API server, as `GET list|watch <resourceVersion>`. */
class RecordingClient extends KubeClient {
  readonly requests: string[] = [];

  stream(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
    accept?: string,
  ): Promise<IncomingMessage> {
    const url = new URL(path, 'https://api');
    const verb = url.searchParams.get('watch') ? 'watch' : 'list';
    this.requests.push(
      `${verb} ${url.searchParams.get('resourceVersion') ?? ''}`.trim(),
    );
    return super.stream(method, path, body, contentType, accept);
  }
}

describe('the informer against the real API server', () => {
  let sandbox: Sandbox;
  let client: RecordingClient;
  const informers: Informer[] = [];

  const start = (kind: Kind, events: InformerEvent[], resumeFrom?: string) => {
    const informer = new Informer(client, kind, event => events.push(event));
    if (resumeFrom)
      // What a restarted operator that kept its last resourceVersion resumes from.
      (informer as unknown as { resourceVersion: string }).resourceVersion =
        resumeFrom;
    informers.push(informer.start());
    return informer;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: async context => {
        await context.client.create(kinds.namespaces, {
          metadata: { name: namespace },
        });
      },
    });
    client = new RecordingClient(sandbox.client.options);
  });
  afterEach(() => {
    informers.splice(0).forEach(informer => informer.stop());
    client.requests.splice(0);
  });
  afterAll(async () => {
    client?.close();
    await sandbox?.client.delete(
      kinds.customResourceDefinitions,
      undefined,
      widgetCrd.metadata.name,
    );
    await sandbox?.stop();
  });

  it('lists, then delivers every change of the kind as an event', async () => {
    const events: InformerEvent[] = [];
    const informer = start(kinds.configMaps, events);
    await informer.synced();
    // The first list: every namespace's kube-root-ca.crt.
    expect(events.map(e => [e.type, e.object.metadata.name])).toContainEqual([
      'ADDED',
      'kube-root-ca.crt',
    ]);
    events.splice(0);

    await sandbox.client.create(kinds.configMaps, {
      metadata: { name: 'carts', namespace },
      data: { a: '1' },
    });
    await sandbox.client.mergePatch(kinds.configMaps, namespace, 'carts', {
      data: { a: '2' },
    });
    await sandbox.client.delete(kinds.configMaps, namespace, 'carts');
    await eventually(() =>
      expect(
        events
          .filter(e => e.object.metadata.name === 'carts')
          .map(e => [e.type, e.object.data?.a]),
      ).toEqual([
        ['ADDED', '1'],
        ['MODIFIED', '2'],
        ['DELETED', '2'],
      ]),
    );
    expect(client.requests).toEqual([
      'list',
      `watch ${client.requests[1].split(' ')[1]}`,
    ]);
  });

  it('relists when it resumes from a resourceVersion the API server no longer has (410 Gone)', async () => {
    // A resourceVersion from before the kind existed: older than its watch cache.
    const stale = (await sandbox.client.list(kinds.namespaces)).metadata
      .resourceVersion;
    await sandbox.client.apply(
      kinds.customResourceDefinitions,
      widgetCrd as any,
      {
        fieldManager: 'informer-test',
        force: true,
      },
    );
    const admin = sandbox.client;
    await eventually(() => admin.list(widgets));
    for (const name of ['one', 'two'])
      await eventually(() =>
        admin.create(widgets, { metadata: { name, namespace } }),
      );

    // What the API server answers such a watch.
    const res = await sandbox.client.stream(
      'GET',
      `/apis/${widgets.group}/v1/widgets?watch=1&resourceVersion=${stale}`,
    );
    const first = JSON.parse((await readText(res)).split('\n')[0]);
    expect(first).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
    expect(first.object.message).toMatch(/too old resource version/);

    // The informer gets that 410, relists...
    const events: InformerEvent[] = [];
    const informer = start(widgets, events, stale);
    await informer.synced();
    // ...and watches on from the list's resourceVersion.
    await eventually(() =>
      expect(client.requests.slice(0, 3)).toEqual([
        `watch ${stale}`,
        'list',
        `watch ${informer.lastResourceVersion}`,
      ]),
    );
    expect(events.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'one'],
      ['ADDED', 'two'],
    ]);
    expect(Number(informer.lastResourceVersion)).toBeGreaterThan(Number(stale));
  });

  it('takes the API server’s bookmarks: a quiet kind’s resourceVersion moves on without events', async () => {
    const events: InformerEvent[] = [];
    const informer = start(kinds.routes, events);
    await informer.synced();
    const listed = informer.lastResourceVersion;
    expect(events).toEqual([]);
    // Other clients write other kinds (etcd's revision moves on) and list
    // routes (a consistent list brings the routes' watch cache up to that
    // revision), as on any busy cluster; no route changes.
    const others = sandbox.client;
    const writes = setInterval(() => {
      others
        .create(kinds.configMaps, {
          metadata: { generateName: 'tick-', namespace },
        })
        .then(() => others.list(kinds.routes))
        .catch(() => {});
    }, 1000);
    try {
      // The watch cache sends a bookmark about once a minute.
      await eventually(
        () =>
          expect(Number(informer.lastResourceVersion)).toBeGreaterThan(
            Number(listed),
          ),
        110_000,
        500,
      );
    } finally {
      clearInterval(writes);
    }
    expect(events).toEqual([]);
    // Still one watch: a bookmark is not an error and needs no relist.
    expect(client.requests).toEqual(['list', `watch ${listed}`]);
  }, 150_000);
});
