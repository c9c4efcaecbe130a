import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { runAction } from '../__testUtils__/runAction';
import { startTestCluster, TestCluster } from '../__testUtils__/testCluster';
import { createServiceMeshActions } from '.';

/** [action, input, the field the message must name, what it must say] */
type Case = [string, Record<string, unknown>, string, RegExp];

const base = { cluster: 'local', user: 'user1' };
const rollout = {
  cluster: 'local',
  namespace: 'user1-sockshop',
  service: 'front-end',
  stableSubset: 'v1',
  canarySubset: 'v2',
};

const cases: Case[] = [
  ['servicemesh:preflight', { cluster: '' }, 'cluster', /must name a cluster/],
  ['servicemesh:preflight', {}, 'cluster', /is required/],
  [
    'servicemesh:preflight',
    { cluster: 'local', user: 'User1' },
    'user',
    /RFC 1123/,
  ],
  [
    'servicemesh:controlplane:apply',
    { cluster: 'local' },
    'user',
    /is required/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, user: 'user_1' },
    'user',
    /RFC 1123/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, user: '-user1' },
    'user',
    /RFC 1123/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, user: 'u'.repeat(50) },
    'user',
    /at most 49/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, user: 42 },
    'user',
    /Expected string/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, name: 'Basic' },
    'name',
    /RFC 1123/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, name: 'a'.repeat(64) },
    'name',
    /at most 63/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, version: 'v3' },
    'version',
    /'v1' \| 'v2'/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, mtls: 'yes' },
    'mtls',
    /Expected boolean/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, timeoutSeconds: 0 },
    'timeoutSeconds',
    /at least 1/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, timeoutSeconds: 1.5 },
    'timeoutSeconds',
    /whole number/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, timeoutSeconds: 7200 },
    'timeoutSeconds',
    /at most 3600/,
  ],
  [
    'servicemesh:controlplane:apply',
    { ...base, controlPlaneNamespace: 'istio.system' },
    'controlPlaneNamespace',
    /RFC 1123/,
  ],
  [
    'servicemesh:members:add',
    { ...base, members: [] },
    'members',
    /at least one/,
  ],
  [
    'servicemesh:members:add',
    { ...base, members: ['ok', 'Not OK'] },
    'members.1',
    /RFC 1123/,
  ],
  [
    'servicemesh:members:add',
    { ...base, members: 'user1-sockshop' },
    'members',
    /Expected array/,
  ],
  [
    'servicemesh:sidecars:inject',
    { ...base, namespace: 'a'.repeat(64) },
    'namespace',
    /at most 63/,
  ],
  [
    'servicemesh:sidecars:inject',
    { ...base, deployments: ['front_end'] },
    'deployments.0',
    /RFC 1123/,
  ],
  [
    'servicemesh:sidecars:inject',
    { ...base, timeoutSeconds: '60' },
    'timeoutSeconds',
    /Expected number/,
  ],
  ['servicemesh:ingress:expose', base, 'appsDomain', /is required/],
  [
    'servicemesh:ingress:expose',
    { ...base, appsDomain: 'localhost' },
    'appsDomain',
    /DNS domain/,
  ],
  [
    'servicemesh:ingress:expose',
    { ...base, appsDomain: 'https://apps.example.com' },
    'appsDomain',
    /DNS domain/,
  ],
  [
    'servicemesh:ingress:expose',
    { ...base, appsDomain: 'apps.example.com', servicePort: 70000 },
    'servicePort',
    /at most 65535/,
  ],
  [
    'servicemesh:ingress:expose',
    { ...base, appsDomain: 'apps.example.com', gateway: 'Gateway' },
    'gateway',
    /RFC 1123/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, weights: { v1: 80, v2: 30 } },
    'weights',
    /must sum to 100, got 110/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, weights: { v1: 120, v2: -20 } },
    'weights.v1',
    /whole number from 0 to 100/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, weights: { v1: 79.5, v2: 20.5 } },
    'weights.v1',
    /whole number from 0 to 100/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, weights: { v1: '80', v2: 20 } },
    'weights.v1',
    /whole number from 0 to 100, got "80"/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, weights: {} },
    'weights',
    /at least one subset/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, weights: [80, 20] },
    'weights',
    /Expected object/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, image: 'Mosuke5/Front-End:v2' },
    'image',
    /image reference/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, image: 'front-end:bad tag' },
    'image',
    /image reference/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, image: '' },
    'image',
    /image reference/,
  ],
  [
    'servicemesh:canary:deploy',
    { ...base, service: 'front end' },
    'service',
    /RFC 1123/,
  ],
  [
    'servicemesh:traffic:shift',
    { cluster: 'local', weights: { v1: 50, v2: 50 } },
    'namespace',
    /is required/,
  ],
  [
    'servicemesh:traffic:shift',
    { cluster: 'local', namespace: 'user1-sockshop' },
    'weights',
    /is required/,
  ],
  [
    'servicemesh:traffic:shift',
    {
      cluster: 'local',
      namespace: 'user1-sockshop',
      weights: { v1: 50, v2: 49 },
    },
    'weights',
    /must sum to 100, got 99/,
  ],
  [
    'servicemesh:traffic:shift',
    {
      cluster: 'local',
      namespace: 'user1-sockshop',
      weights: { v1: 100 },
      routeIndex: -1,
    },
    'routeIndex',
    /at least 0/,
  ],
  [
    'servicemesh:canary:rollout',
    { ...rollout, canarySubset: undefined },
    'canarySubset',
    /is required/,
  ],
  [
    'servicemesh:canary:rollout',
    { ...rollout, steps: [50, 50] },
    'steps[1]',
    /must be greater than steps\[0\] \(50\)/,
  ],
  [
    'servicemesh:canary:rollout',
    { ...rollout, canarySubset: 'v1' },
    'canarySubset',
    /must differ from stableSubset/,
  ],
  [
    'servicemesh:canary:rollout',
    { ...rollout, failedChecksThreshold: 0 },
    'failedChecksThreshold',
    /1 or more, got 0/,
  ],
  [
    'servicemesh:canary:rollout',
    { ...rollout, interval: '500ms' },
    'interval',
    /duration such as "30s", "1m" or "2h"/,
  ],
  [
    'servicemesh:canary:rollout',
    { ...rollout, maxWeight: 50 },
    'stepWeight',
    /is required with maxWeight/,
  ],
  [
    'servicemesh:canary:rollout',
    { ...rollout, steps: [10], stepWeight: 10, maxWeight: 50 },
    'steps',
    /cannot be given with stepWeight and maxWeight/,
  ],
  [
    'servicemesh:circuitbreaker:apply',
    { ...base, interval: '10' },
    'interval',
    /duration like/,
  ],
  [
    'servicemesh:circuitbreaker:apply',
    { ...base, baseEjectionTime: '30 seconds' },
    'baseEjectionTime',
    /duration like/,
  ],
  [
    'servicemesh:circuitbreaker:apply',
    { ...base, interval: '0s' },
    'interval',
    /duration like/,
  ],
  [
    'servicemesh:circuitbreaker:apply',
    { ...base, consecutive5xxErrors: 0 },
    'consecutive5xxErrors',
    /at least 1/,
  ],
  [
    'servicemesh:circuitbreaker:apply',
    { ...base, maxEjectionPercent: 101 },
    'maxEjectionPercent',
    /at most 100/,
  ],
  [
    'servicemesh:circuitbreaker:apply',
    { ...base, maxConnections: 2.5 },
    'maxConnections',
    /whole number/,
  ],
  ['servicemesh:teardown', { cluster: 'local' }, 'user', /is required/],
  [
    'servicemesh:istio:apply',
    { ...base, version: '1.30' },
    'version',
    /Istio version like v1.30.3/,
  ],
  [
    'servicemesh:istio:apply',
    { ...base, updateStrategy: 'Canary' },
    'updateStrategy',
    /Expected 'InPlace' \| 'RevisionBased'/,
  ],
  [
    'servicemesh:istio:apply',
    { ...base, dataplane: 'proxyless' },
    'dataplane',
    /Expected 'sidecar' \| 'ambient'/,
  ],
  [
    'servicemesh:members:label',
    { ...base, injection: 'label' },
    'injection',
    /Expected 'revision' \| 'default-tag'/,
  ],
  [
    'servicemesh:members:label',
    { ...base, istio: 'User1' },
    'istio',
    /RFC 1123/,
  ],
  [
    'servicemesh:gateway:expose',
    { ...base, appsDomain: 'apps.sandbox.local' },
    'service',
    /is required/,
  ],
  [
    'servicemesh:gateway:expose',
    { ...base, appsDomain: 'localhost', service: 'web' },
    'appsDomain',
    /DNS domain/,
  ],
  [
    'servicemesh:waypoint:apply',
    { ...base, name: 'Waypoint' },
    'name',
    /RFC 1123/,
  ],
  [
    'servicemesh:canary:services',
    { ...base, service: 'web' },
    'image',
    /is required/,
  ],
  [
    'servicemesh:canary:services',
    { ...base, service: 'web', image: 'a/b', weights: { v1: 80, v2: 30 } },
    'weights',
    /100/,
  ],
  [
    'servicemesh:sockshop:deploy',
    { ...base, manifests: '../../etc' },
    'manifests',
    /inside the workspace/,
  ],
  [
    'servicemesh:sockshop:deploy',
    { ...base, manifests: '/etc/sockshop' },
    'manifests',
    /inside the workspace/,
  ],
  [
    'servicemesh:teardown',
    { ...base, namespace: 'User1-Sockshop' },
    'namespace',
    /RFC 1123/,
  ],
  [
    'servicemesh:catalog:register',
    { ...base, owner: 'the sockshop team' },
    'owner',
    /entity ref like group:default\/team/,
  ],
  [
    'servicemesh:catalog:register',
    { ...base, system: 'Sock_Shop' },
    'system',
    /RFC 1123/,
  ],
  [
    'servicemesh:catalog:register',
    { ...base, timeoutSeconds: 0 },
    'timeoutSeconds',
    /at least 1 second/,
  ],
  [
    'servicemesh:catalog:unregister',
    { cluster: 'local' },
    'user',
    /is required/,
  ],
];

describe('invalid inputs', () => {
  let cluster: TestCluster;
  let actions: ReturnType<typeof createServiceMeshActions>;
  const catalog = catalogServiceMock.mock();

  beforeAll(async () => {
    cluster = await startTestCluster({ seed: 'bare' });
    actions = createServiceMeshActions({ ...cluster, catalog });
  });
  afterAll(() => cluster.stop());

  it('covers every action', () => {
    expect(new Set(cases.map(c => c[0]))).toEqual(
      new Set(actions.map(a => a.id)),
    );
  });

  it.each(cases)('%s %j names %s', async (id, input, field, says) => {
    cluster.sandbox.stats.reset();
    const action = actions.find(a => a.id === id)!;
    const error = await runAction(action, input).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      new RegExp(
        `^Invalid input: (.*; )?${field.replace(/[.[\]]/g, c => `\\${c}`)} `,
      ),
    );
    expect(error.message).toMatch(says);
    expect(cluster.sandbox.stats.snapshot().total).toBe(0);
    const catalogCalls = Object.values(catalog)
      .filter(method => jest.isMockFunction(method))
      .reduce((sum, method) => sum + method.mock.calls.length, 0);
    expect(catalogCalls).toBe(0);
  });
});
