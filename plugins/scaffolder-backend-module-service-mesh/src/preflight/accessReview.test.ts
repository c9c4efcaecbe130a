import {
  kubeConfigFor,
  missingAccesses,
  missingAccessSentence,
  ResourceAccess,
} from '@service-mesh/plugin-service-mesh-node';
import { startTestCluster, TestCluster } from '../__testUtils__/testCluster';

/** missingAccesses (service-mesh-node) asked as each of the local cluster's accounts. */
describe('SelfSubjectAccessReviews as the cluster credentials', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster({ seed: 'bare' });
  });
  afterAll(() => cluster.stop());

  const asAccount = (token: string) =>
    kubeConfigFor({
      name: 'local',
      url: cluster.sandbox.url,
      skipTLSVerify: false,
      ca: () => cluster.sandbox.caCertificate,
      token: () => token,
    });

  const accesses: ResourceAccess[] = [
    { verb: 'create', group: '', resource: 'namespaces' },
    {
      verb: 'patch',
      group: 'maistra.io',
      resource: 'servicemeshcontrolplanes',
      namespace: 'user2-istio-system',
    },
    { verb: 'list', group: 'apps', resource: 'deployments', namespace: 'x' },
    // asked twice, answered once
    { verb: 'create', group: '', resource: 'namespaces' },
  ];

  it('finds nothing missing for the portal, the writes for the read-only account, everything for the one without rights', async () => {
    const { tokens } = cluster.sandbox;
    expect(await missingAccesses(asAccount(tokens.write), accesses)).toEqual(
      [],
    );
    expect(
      (await missingAccesses(asAccount(tokens.read), accesses)).map(
        missingAccessSentence,
      ),
    ).toEqual([
      "the portal's service account may not create namespaces in the cluster",
      "the portal's service account may not patch servicemeshcontrolplanes.maistra.io in user2-istio-system",
    ]);
    expect(
      (await missingAccesses(asAccount(tokens.none), accesses)).map(
        missingAccessSentence,
      ),
    ).toEqual([
      "the portal's service account may not create namespaces in the cluster",
      "the portal's service account may not patch servicemeshcontrolplanes.maistra.io in user2-istio-system",
      "the portal's service account may not list deployments.apps in x",
    ]);
  });

  it('asks one review per distinct access and makes no other request', async () => {
    cluster.sandbox.stats.reset();
    await missingAccesses(asAccount(cluster.sandbox.tokens.read), accesses);
    expect(cluster.sandbox.stats.snapshot().byResource).toEqual({
      'selfsubjectaccessreviews.authorization.k8s.io': { create: 3 },
    });
  });

  it('fails with the reason, never the token, when the credentials are refused', async () => {
    const error = await missingAccesses(
      asAccount('not-a-token'),
      accesses,
    ).catch(e => e);
    expect(error.message).toMatch(
      /^could not ask the cluster whether the portal's service account may create namespaces: 401/,
    );
    expect(error.message).not.toContain('not-a-token');
  });
});
