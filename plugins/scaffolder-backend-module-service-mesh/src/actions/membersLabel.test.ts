import { kinds } from '@internal/mesh-sandbox';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  TestCluster,
  writesOf,
} from '../__testUtils__/testCluster';
import { createMembersLabelAction } from './membersLabel';

jest.setTimeout(120_000);

describe('servicemesh:members:label', () => {
  let cluster: TestCluster;
  let action: ReturnType<typeof createMembersLabelAction>;
  const input = { cluster: 'local', user: 'user1' };

  beforeAll(async () => {
    cluster = await startTestCluster();
    action = createMembersLabelAction(cluster);
  });
  // the next sandbox on this cluster starts without them: a reset keeps cluster-scoped objects
  afterAll(async () => {
    const { client } = cluster.sandbox;
    await client.delete(kinds.istioRevisionTags, undefined, 'default');
    await client.delete(kinds.istios, undefined, 'user1');
    await cluster.stop();
  });

  it('refuses, before writing, an Istio the cluster lacks', async () => {
    cluster.sandbox.stats.reset();
    const error = await runAction(action, input).catch(e => e);
    expect(error.message).toBe(
      "istio names Istio 'user1', which the cluster lacks (servicemesh:istio:apply makes it)",
    );
    expect(writesOf(cluster.sandbox)).toBe(0);
  });

  it("refuses the default tag when it is another mesh's, naming it", async () => {
    const { client } = cluster.sandbox;
    await client.create(kinds.istios, {
      metadata: { name: 'user1' },
      spec: { namespace: 'user1-sockshop', version: 'v1.30.3' },
    });
    await client.create(kinds.istioRevisionTags, {
      metadata: { name: 'default' },
      spec: { targetRef: { kind: 'Istio', name: 'team-b' } },
    });
    cluster.sandbox.stats.reset();
    const error = await runAction(action, {
      ...input,
      injection: 'default-tag',
    }).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      "injection 'default-tag' would take the cluster's default IstioRevisionTag, which points to Istio team-b (another mesh's); use 'revision'",
    );
    expect(writesOf(cluster.sandbox)).toBe(0);
  });
});
