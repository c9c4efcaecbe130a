import { runAction } from '../__testUtils__/runAction';
import { startTestCluster, TestCluster } from '../__testUtils__/testCluster';
import { createPreflightAction } from './preflight';

describe('servicemesh:preflight', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(() => cluster.stop());
  afterEach(() => cluster.sandbox.faults.clear());

  it('reports the version, the operators and the SockShop, writing nothing', async () => {
    cluster.sandbox.stats.reset();
    const { outputs, log } = await runAction(createPreflightAction(cluster), {
      cluster: 'local',
      user: 'user1',
    });
    expect(outputs).toEqual({
      serverVersion: expect.stringMatching(/^v1\./),
      sockshopPresent: true,
    });
    expect(log).toContain('operators are installed');
    expect(log).toContain(
      "The credentials may create namespace 'user1-istio-system'",
    );
    // the only request that is not a read is the access review, which stores nothing
    const { byResource } = cluster.sandbox.stats.snapshot();
    expect(
      Object.entries(byResource).flatMap(([resource, verbs]) =>
        Object.keys(verbs)
          .filter(verb => !['get', 'list', 'watch'].includes(verb))
          .map(verb => `${verb} ${resource}`),
      ),
    ).toEqual(['create selfsubjectaccessreviews.authorization.k8s.io']);
  });

  it('is the same in a dry run', async () => {
    const { outputs } = await runAction(
      createPreflightAction(cluster),
      { cluster: 'local', user: 'user2' },
      { dryRun: true },
    );
    expect(outputs.sockshopPresent).toBe(false);
  });

  it('names every missing operator', async () => {
    await cluster.sandbox.uninstallCrds([
      'servicemeshcontrolplanes.maistra.io',
      'servicemeshmemberrolls.maistra.io',
      'servicemeshmembers.maistra.io',
      'kialis.kiali.io',
      'jaegers.jaegertracing.io',
      'elasticsearches.logging.openshift.io',
    ]);
    try {
      const run = runAction(createPreflightAction(cluster), {
        cluster: 'local',
      });
      await expect(run).rejects.toThrow(
        /OpenShift Service Mesh operator \(maistra.io\) \(no ServiceMeshControlPlane, ServiceMeshMemberRoll\)/,
      );
      await expect(run).rejects.toThrow(/Kiali operator/);
      await expect(run).rejects.toThrow(/Jaeger operator/);
      await expect(run).rejects.toThrow(/Elasticsearch operator/);
    } finally {
      await cluster.sandbox.installCrds();
    }
  });

  it('names the OSSM 3 operator and the Gateway API for a sail run, and needs no Maistra', async () => {
    await cluster.sandbox.uninstallCrds([
      'servicemeshcontrolplanes.maistra.io',
      'servicemeshmemberrolls.maistra.io',
      'servicemeshmembers.maistra.io',
      'kialis.kiali.io',
      'istios.sailoperator.io',
      'ztunnels.sailoperator.io',
      'httproutes.gateway.networking.k8s.io',
    ]);
    try {
      const error = await runAction(createPreflightAction(cluster), {
        cluster: 'local',
        flavour: 'sail',
        dataplane: 'ambient',
      }).catch(e => e);
      expect(error.message).toBe(
        'The cluster lacks what the service mesh needs: the OpenShift Service Mesh 3 (Sail) operator (sailoperator.io) (no Istio, ZTunnel); the Gateway API CRDs (gateway.networking.k8s.io) (no HTTPRoute)',
      );
    } finally {
      await cluster.sandbox.installCrds();
    }
    const { log } = await runAction(createPreflightAction(cluster), {
      cluster: 'local',
      flavour: 'sail',
      dataplane: 'ambient',
    });
    expect(log).toContain(
      'Every kind the run needs is served, so its operators are installed (Istio, IstioRevision, IstioCNI, ZTunnel, Gateway, HTTPRoute, DestinationRule)',
    );
  });

  it('says the read-only credentials may not write namespaces', async () => {
    await expect(
      runAction(createPreflightAction(cluster), {
        cluster: 'read-only',
        user: 'user1',
      }),
    ).rejects.toThrow(
      "the portal's service account may not create namespaces in the cluster",
    );
  });

  it('says when the cluster does not answer, without request details', async () => {
    cluster.sandbox.faults.add({ path: '^/version', drop: true });
    const error = await runAction(createPreflightAction(cluster), {
      cluster: 'local',
    }).catch(e => e);
    expect(error.message).toMatch(
      /^Could not reach the cluster while trying to get/,
    );
    expect(error.message).not.toContain(cluster.sandbox.tokens.write);
    expect(error.stack).not.toMatch(/\n\s+at /);
  });

  it('turns a server error into a sentence with its code', async () => {
    cluster.sandbox.faults.add({ path: '^/version', status: 503 });
    await expect(
      runAction(createPreflightAction(cluster), { cluster: 'local' }),
    ).rejects.toThrow(/^The cluster answered 503 ServiceUnavailable/);
  });
});
