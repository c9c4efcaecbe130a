import { kinds } from '../client/kinds';
import { defaultControllers } from '../operators';
import { Sandbox, startSandbox } from '../sandbox';
import { sockshopScenario } from '../scenarios';
import { eventually } from '../__testUtils__/eventually';
import { nodeName } from './controlPlane';

const sockshop = 'user1-sockshop';
const stuck = 'reset-stuck';
const kialiCrd = 'kialis.kiali.io';

/**
 * The jest run's sandboxes share one cluster, reset between them: what one
 * test file leaves behind must not be seen by the next.
 */
describe('a sandbox on a cluster an earlier sandbox used', () => {
  let second: Sandbox | undefined;
  let baseNamespaces: string[];

  beforeAll(async () => {
    const first = await startSandbox({
      controllers: defaultControllers(),
      seed: sockshopScenario({ users: 1 }),
    });
    try {
      await first.settle();
      const { client } = first;
      baseNamespaces = (await client.list(kinds.namespaces)).items
        .map(ns => ns.metadata.name!)
        .filter(name => name !== sockshop);
      await client.create(kinds.configMaps, {
        metadata: { name: 'left-in-default', namespace: 'default' },
      });
      // Kinds maistra.io serves at v1 only, not at its preferred v2.
      await client.create(kinds.memberRolls, {
        metadata: { name: 'default', namespace: sockshop },
        spec: { members: [] },
      });
      await client.create(kinds.members, {
        metadata: { name: 'default', namespace: sockshop },
        spec: {
          controlPlaneRef: { name: 'basic', namespace: 'user1-istio-system' },
        },
      });
      // A namespace the namespace controller cannot finish: it stays Terminating.
      await client.create(kinds.namespaces, { metadata: { name: stuck } });
      await client.create(kinds.configMaps, {
        metadata: {
          name: 'held',
          namespace: stuck,
          finalizers: ['mesh-sandbox.test/never'],
        },
      });
      await client.delete(kinds.namespaces, undefined, stuck);
      await eventually(async () => {
        const { status } = await client.get(kinds.namespaces, undefined, stuck);
        if (status.phase !== 'Terminating')
          throw new Error(`${stuck} is ${status.phase}, not Terminating yet`);
      });
      await first.setNodeSchedulable(false);
      await first.uninstallCrds([kialiCrd]);
    } finally {
      await first.stop();
    }
    second = await startSandbox({});
  });
  afterAll(() => second?.stop());

  it('finds none of its namespaces, not even one left Terminating', async () => {
    const names = (await second!.client.list(kinds.namespaces)).items.map(
      ns => ns.metadata.name,
    );
    expect(names).not.toContain(sockshop);
    expect(names).not.toContain(stuck);
    expect(names.sort()).toEqual([...baseNamespaces].sort());
  });

  it('finds default as a new cluster has it', async () => {
    const { client } = second!;
    expect(
      (await client.list(kinds.configMaps, 'default')).items.map(
        c => c.metadata.name,
      ),
    ).toEqual(['kube-root-ca.crt']);
    expect(
      (await client.list(kinds.services, 'default')).items.map(
        s => s.metadata.name,
      ),
    ).toEqual(['kubernetes']);
  });

  it('gets an empty namespace of a name the earlier sandbox used', async () => {
    const { client } = second!;
    await client.create(kinds.namespaces, { metadata: { name: sockshop } });
    for (const kind of [
      kinds.deployments,
      kinds.replicaSets,
      kinds.pods,
      kinds.services,
      kinds.routes,
      kinds.memberRolls,
      kinds.members,
    ]) {
      expect((await client.list(kind, sockshop)).items).toEqual([]);
    }
  });

  it('has every CRD, a schedulable node and none of the earlier simulators’ webhooks', async () => {
    const { client } = second!;
    expect(
      await client.tryGet(kinds.customResourceDefinitions, undefined, kialiCrd),
    ).toBeDefined();
    const node = await client.get(kinds.nodes, undefined, nodeName);
    expect(node.spec.unschedulable).toBeUndefined();
    expect(
      await client.tryGet(
        kinds.mutatingWebhookConfigurations,
        undefined,
        'mesh-sandbox-simulators',
      ),
    ).toBeUndefined();
  });
});
