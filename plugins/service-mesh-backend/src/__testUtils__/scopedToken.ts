import { KubeClient, Sandbox, kinds } from '@internal/mesh-sandbox';

/** A ClusterRole rule, as in rbac.yaml. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const namespace = 'rbac-test';

/**
 * A service account of its own, bound to a ClusterRole with exactly `rules`
 * (made with the admin token), and a token for it from the TokenRequest API.
 * The account's namespace goes with the sandbox's reset; `remove` deletes the
 * cluster-scoped role and binding.
 */
export async function tokenWithRules(
  sandbox: Pick<Sandbox, 'client' | 'url' | 'caCertificate'>,
  name: string,
  rules: PolicyRule[],
): Promise<{ token: string; remove(): Promise<void> }> {
  const { client } = sandbox;
  const manager = { fieldManager: 'service-mesh-tests', force: true };
  await client.apply(
    kinds.namespaces,
    { metadata: { name: namespace } },
    manager,
  );
  await client.apply(
    kinds.serviceAccounts,
    { metadata: { name, namespace } },
    manager,
  );
  await client.apply(
    kinds.clusterRoles,
    { metadata: { name: `test-${name}` }, rules } as any,
    manager,
  );
  await client.apply(
    kinds.clusterRoleBindings,
    {
      metadata: { name: `test-${name}` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: `test-${name}`,
      },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    } as any,
    manager,
  );
  const review = await client.request(
    'POST',
    `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600 },
    },
  );
  const token: string = review.status.token;
  // The authorizer reads bindings from its own informer: wait until it has this one.
  const probe = new KubeClient({
    url: sandbox.url,
    caCertificate: sandbox.caCertificate,
    token,
  });
  const [first] = rules;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const review2 = await probe.request(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: first.verbs[0],
            group: first.apiGroups[0],
            resource: first.resources[0],
          },
        },
      },
    );
    if (review2.status?.allowed || Date.now() > deadline) break;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  probe.close();
  return {
    token,
    async remove() {
      await client.delete(kinds.clusterRoleBindings, undefined, `test-${name}`);
      await client.delete(kinds.clusterRoles, undefined, `test-${name}`);
    },
  };
}

/** The ClusterRole service-mesh-status-reader of rbac.yaml, with `change` applied to each rule. */
export function statusReaderRules(
  change: (rule: PolicyRule) => PolicyRule | undefined = r => r,
): PolicyRule[] {
  const rules: PolicyRule[] = [
    {
      apiGroups: [''],
      resources: ['namespaces', 'pods', 'services'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['apps'],
      resources: ['deployments'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['networking.istio.io'],
      resources: ['virtualservices', 'destinationrules', 'gateways'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['maistra.io'],
      resources: ['servicemeshcontrolplanes', 'servicemeshmemberrolls'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['route.openshift.io'],
      resources: ['routes'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['gateway.networking.k8s.io'],
      resources: ['httproutes', 'gateways'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['security.istio.io'],
      resources: ['authorizationpolicies'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['sailoperator.io'],
      resources: ['istios', 'istiorevisions', 'istiorevisiontags'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['flagger.app'],
      resources: ['canaries'],
      verbs: ['get', 'list'],
    },
    {
      apiGroups: ['argoproj.io'],
      resources: ['rollouts'],
      verbs: ['get', 'list'],
    },
  ];
  return rules.flatMap(rule => change(rule) ?? []);
}
