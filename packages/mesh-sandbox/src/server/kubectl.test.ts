import { parse as parseYaml } from 'yaml';
import { kinds } from '../client/kinds';
import { SandboxContext } from '../context';
import { Sandbox } from '../sandbox';
import {
  deployment,
  namespaceName as namespace,
  startSeededSandbox,
  virtualService,
} from './__testUtils__/cluster';
import { Kubectl, kubectlFor, tableRows } from './__testUtils__/kubectl';

const controlPlane = 'user1-istio-system';

/** A control plane and member roll with the status the operator would report (no operator runs here). */
async function seedMesh({ client }: SandboxContext) {
  await client.create(kinds.controlPlanes, {
    metadata: { name: 'basic', namespace: controlPlane },
    spec: { version: 'v2.5', profiles: ['default'] },
  });
  await client.mergePatch(
    kinds.controlPlanes,
    controlPlane,
    'basic',
    {
      status: {
        annotations: { readyComponentCount: '9/9' },
        conditions: [
          { type: 'Ready', status: 'True', reason: 'ComponentsReady' },
        ],
        appliedSpec: { profiles: ['default'] },
        chartVersion: '2.5.0',
        readiness: { components: { ready: ['istio-discovery'] } },
      },
    },
    { subresource: 'status', fieldManager: 'istio-operator' },
  );
  await client.create(kinds.memberRolls, {
    metadata: { name: 'default', namespace: controlPlane },
    spec: { members: [namespace] },
  });
  await client.mergePatch(
    kinds.memberRolls,
    controlPlane,
    'default',
    {
      status: {
        annotations: { configuredMemberCount: '1/1' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'Configured' }],
        members: [namespace],
      },
    },
    { subresource: 'status', fieldManager: 'istio-operator' },
  );
}

async function seedWorkloads({ client }: SandboxContext) {
  await client.create(
    kinds.virtualServices,
    virtualService('front-end', { gateways: ['sockshop-gateway'] }),
  );
  // A bare pod: the scheduler binds it, kwok runs both containers.
  await client.create(kinds.pods, {
    metadata: {
      name: 'carts-7d4f9c-x2x9z',
      namespace,
      labels: { app: 'carts-pod' },
    },
    spec: {
      containers: [
        { name: 'carts', image: 'quay.io/sockshop/carts:0.4.8' },
        { name: 'istio-proxy', image: 'proxyv2-ubi8' },
      ],
    },
  });
  await client.create(kinds.deployments, deployment('carts'));
}

const catalogueManifest = `
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: catalogue
  namespace: ${namespace}
spec:
  hosts: [catalogue]
  http:
  - route:
    - destination: {host: catalogue}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: catalogue-config
  namespace: ${namespace}
  labels: {app: catalogue}
data: {db: catalogue-db}
`;

describe('kubectl 1.32 against the local cluster', () => {
  let sandbox: Sandbox;
  let kubectl: Kubectl;
  beforeAll(async () => {
    sandbox = await startSeededSandbox(
      async context => {
        await seedMesh(context);
        await seedWorkloads(context);
      },
      [namespace, controlPlane],
    );
    kubectl = kubectlFor(sandbox);
  });
  afterAll(async () => {
    kubectl?.cleanup();
    await sandbox?.stop();
  });

  /** Runs kubectl, failing the test with its stderr when it fails. */
  async function ok(args: string[], stdin?: string): Promise<string> {
    const result = await kubectl(args, stdin);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({
      args,
      code: 0,
      stderr: expect.not.stringMatching(/error/i),
    });
    return result.stdout;
  }

  const get = (kind: (typeof kinds)[keyof typeof kinds], name: string) =>
    sandbox.client.get(kind, namespace, name);

  it('uses the kubeconfig the sandbox writes and talks to the real kube-apiserver', async () => {
    const version = JSON.parse(await ok(['version', '-o', 'json']));
    expect(version.serverVersion.gitVersion).toBe(sandbox.version);
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.3[6-9]\./);
    expect(version.clientVersion.minor).toMatch(/^32/);
  });

  it('gets namespaces', async () => {
    const rows = tableRows(await ok(['get', 'ns']));
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    const statuses = rows.slice(1).map(r => r.slice(0, 2));
    expect(statuses).toEqual(
      expect.arrayContaining([
        [controlPlane, 'Active'],
        [namespace, 'Active'],
        ['kube-system', 'Active'],
      ]),
    );
  });

  it('prints the GATEWAYS and HOSTS columns of VirtualServices (the CRD’s printer columns)', async () => {
    const rows = tableRows(await ok(['get', 'vs', '-n', namespace]));
    expect(rows[0]).toEqual(['NAME', 'GATEWAYS', 'HOSTS', 'AGE']);
    expect(rows[1].slice(0, 3)).toEqual([
      'front-end',
      '["sockshop-gateway"]',
      '["front-end"]',
    ]);
  });

  it('prints the columns of ServiceMeshControlPlanes and ServiceMeshMemberRolls', async () => {
    const smcp = tableRows(await ok(['get', 'smcp', '-n', controlPlane]));
    expect(smcp[0]).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'PROFILES',
      'VERSION',
      'AGE',
    ]);
    expect(smcp[1].slice(0, 5)).toEqual([
      'basic',
      '9/9',
      'ComponentsReady',
      '["default"]',
      '2.5.0',
    ]);
    const smmr = tableRows(await ok(['get', 'smmr', '-n', controlPlane]));
    expect(smmr[0]).toEqual(['NAME', 'READY', 'STATUS', 'AGE']);
    expect(smmr[1].slice(0, 3)).toEqual(['default', '1/1', 'Configured']);
    const wide = tableRows(
      await ok(['get', 'smmr', '-n', controlPlane, '-o', 'wide']),
    );
    expect(wide[0]).toEqual(['NAME', 'READY', 'STATUS', 'AGE', 'MEMBERS']);
    expect(wide[1][4]).toBe(`["${namespace}"]`);
  });

  it('prints the READY column of pods once kwok runs them', async () => {
    await ok([
      'wait',
      '--for=condition=Ready',
      'pod/carts-7d4f9c-x2x9z',
      '-n',
      namespace,
      '--timeout=60s',
    ]);
    const rows = tableRows(
      await ok(['get', 'pods', '-n', namespace, '-l', 'app=carts-pod']),
    );
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows[1].slice(0, 4)).toEqual([
      'carts-7d4f9c-x2x9z',
      '2/2',
      'Running',
      '0',
    ]);
  });

  it('gets an object as YAML, in the preferred version of its group', async () => {
    const object = parseYaml(
      await ok(['get', 'vs', 'front-end', '-n', namespace, '-o', 'yaml']),
    );
    // The upstream CRD serves v1alpha3, v1beta1 and v1; kubectl picks v1.
    expect(object).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'front-end', namespace, generation: 1 },
      spec: { gateways: ['sockshop-gateway'], hosts: ['front-end'] },
    });
    const v1beta1 = parseYaml(
      await ok([
        'get',
        'virtualservices.v1beta1.networking.istio.io',
        'front-end',
        '-n',
        namespace,
        '-o',
        'yaml',
      ]),
    );
    expect(v1beta1.apiVersion).toBe('networking.istio.io/v1beta1');
  });

  it('applies a manifest, and reports it unchanged the second time', async () => {
    expect(await ok(['apply', '-f', '-'], catalogueManifest)).toBe(
      'virtualservice.networking.istio.io/catalogue created\nconfigmap/catalogue-config created\n',
    );
    expect(await ok(['apply', '-f', '-'], catalogueManifest)).toBe(
      'virtualservice.networking.istio.io/catalogue unchanged\nconfigmap/catalogue-config unchanged\n',
    );
  });

  it('applies server-side with the kubectl field manager', async () => {
    const manifest = catalogueManifest.replace(
      'hosts: [catalogue]',
      'hosts: [catalogue]\n  gateways: [sockshop-gateway]',
    );
    expect(await ok(['apply', '--server-side', '-f', '-'], manifest)).toBe(
      'virtualservice.networking.istio.io/catalogue serverside-applied\nconfigmap/catalogue-config serverside-applied\n',
    );
    const vs = await get(kinds.virtualServices, 'catalogue');
    expect(vs.spec.gateways).toEqual(['sockshop-gateway']);
    expect(vs.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'kubectl', operation: 'Apply' }),
    );
  });

  it('reports a version of networking.istio.io the cluster does not serve', async () => {
    const result = await kubectl(
      ['apply', '-f', '-'],
      catalogueManifest.replace(
        'networking.istio.io/v1beta1',
        'networking.istio.io/v2',
      ),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'no matches for kind "VirtualService" in version "networking.istio.io/v2"',
    );
  });

  it('patches with a JSON patch and a merge patch', async () => {
    expect(
      await ok([
        'patch',
        'vs',
        'catalogue',
        '-n',
        namespace,
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/hosts/0","value":"catalogue.sockshop"}]',
      ]),
    ).toBe('virtualservice.networking.istio.io/catalogue patched\n');
    await ok([
      'patch',
      'vs',
      'catalogue',
      '-n',
      namespace,
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"version":"v1"}}}',
    ]);
    const vs = await get(kinds.virtualServices, 'catalogue');
    expect(vs.spec.hosts).toEqual(['catalogue.sockshop']);
    expect(vs.metadata.labels).toEqual({ version: 'v1' });
  });

  it('patches a Deployment with its default strategic merge patch', async () => {
    await ok([
      'patch',
      'deployment',
      'carts',
      '-n',
      namespace,
      '-p',
      '{"spec":{"template":{"metadata":{"annotations":{"sidecar.istio.io/inject":"true"}}}}}',
    ]);
    const carts = await get(kinds.deployments, 'carts');
    expect(carts.spec.template.metadata.annotations).toEqual({
      'sidecar.istio.io/inject': 'true',
    });
    expect(carts.spec.template.spec.containers).toHaveLength(1);
    expect(carts.metadata.generation).toBe(2);
  });

  it('scales a Deployment, waits for the rollout and shows its wide columns', async () => {
    expect(
      await ok([
        'scale',
        'deployment',
        'carts',
        '-n',
        namespace,
        '--replicas=0',
      ]),
    ).toBe('deployment.apps/carts scaled\n');
    await ok([
      'rollout',
      'status',
      'deployment/carts',
      '-n',
      namespace,
      '--timeout=60s',
    ]);
    const rows = tableRows(
      await ok(['get', 'deploy', 'carts', '-n', namespace, '-o', 'wide']),
    );
    expect(rows[0]).toEqual([
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
      'CONTAINERS',
      'IMAGES',
      'SELECTOR',
    ]);
    expect(rows[1].slice(1, 4)).toEqual(['0/0', '0', '0']);
    expect(rows[1].slice(5)).toEqual([
      'carts',
      'quay.io/sockshop/carts:0.4.8',
      'app=carts',
    ]);
    await ok(['scale', 'deployment', 'carts', '-n', namespace, '--replicas=1']);
    expect(
      await ok([
        'rollout',
        'status',
        'deployment/carts',
        '-n',
        namespace,
        '--timeout=60s',
      ]),
    ).toContain('successfully rolled out');
  });

  it('labels and annotates', async () => {
    expect(
      await ok(['label', 'cm', 'catalogue-config', '-n', namespace, 'tier=db']),
    ).toBe('configmap/catalogue-config labeled\n');
    await ok([
      'annotate',
      'cm',
      'catalogue-config',
      '-n',
      namespace,
      'owner=sockshop',
    ]);
    const shown = await ok([
      'get',
      'cm',
      '-n',
      namespace,
      '-l',
      'tier=db',
      '-o',
      'jsonpath={.items[*].metadata.name} {.items[0].metadata.annotations.owner}',
    ]);
    expect(shown).toBe('catalogue-config sockshop');
  });

  it('deletes by name and by label selector', async () => {
    expect(await ok(['delete', 'vs', 'catalogue', '-n', namespace])).toBe(
      'virtualservice.networking.istio.io "catalogue" deleted\n',
    );
    expect(
      await ok(['delete', 'cm', '-l', 'app=catalogue', '-n', namespace]),
    ).toBe('configmap "catalogue-config" deleted\n');
    const remaining = await kubectl([
      'get',
      'cm',
      '-n',
      namespace,
      '-l',
      'app=catalogue',
    ]);
    expect(remaining.stderr).toContain('No resources found');
    // What every namespace of a real cluster has.
    expect(await ok(['get', 'cm', '-n', namespace, '-o', 'name'])).toBe(
      'configmap/kube-root-ca.crt\n',
    );
  });

  it('waits for the Available condition Kubernetes’ controllers set on a new Deployment', async () => {
    await ok(['create', '-f', '-'], JSON.stringify(deployment('orders')));
    expect(
      await ok([
        'wait',
        '--for=condition=Available',
        'deployment/orders',
        '-n',
        namespace,
        '--timeout=60s',
      ]),
    ).toBe('deployment.apps/orders condition met\n');
    expect(
      await ok([
        'wait',
        '--for=jsonpath={.status.readyReplicas}=1',
        'deployment/orders',
        '-n',
        namespace,
        '--timeout=60s',
      ]),
    ).toBe('deployment.apps/orders condition met\n');
    const pods = tableRows(
      await ok(['get', 'pods', '-n', namespace, '-l', 'app=orders']),
    ).slice(1);
    expect(pods.map(row => row.slice(1, 3))).toEqual([['1/1', 'Running']]);
  });

  it('lists api-resources with their short names, Sail and the Gateway API among them', async () => {
    const rows = tableRows(await ok(['api-resources']));
    const byName = new Map(rows.map(r => [r[0], r]));
    expect(byName.get('virtualservices')?.slice(0, 3)).toEqual([
      'virtualservices',
      'vs',
      'networking.istio.io/v1',
    ]);
    expect(byName.get('servicemeshcontrolplanes')?.slice(0, 3)).toEqual([
      'servicemeshcontrolplanes',
      'smcp',
      'maistra.io/v2',
    ]);
    expect(byName.get('servicemeshmemberrolls')?.[1]).toBe('smmr');
    const groups = await ok(['api-resources', '-o', 'name']);
    expect(groups).toContain('istios.sailoperator.io');
    expect(groups).toContain('httproutes.gateway.networking.k8s.io');
  });

  describe('with the read-only service account’s token', () => {
    let readOnly: Kubectl;
    beforeAll(() => {
      readOnly = kubectlFor(sandbox, 'read');
    });
    afterAll(() => readOnly?.cleanup());

    it('reads what its roles allow', async () => {
      const result = await readOnly(['get', 'smcp', '-n', controlPlane]);
      expect(result).toMatchObject({ code: 0 });
      expect(result.stdout).toContain('basic');
    });

    it('is refused a write with the API server’s RBAC 403', async () => {
      const result = await readOnly(['apply', '-f', '-'], catalogueManifest);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('Error from server (Forbidden)');
      expect(result.stderr).toContain(
        'User "system:serviceaccount:backstage:backstage-read-only" cannot',
      );
      expect(
        (await readOnly(['auth', 'can-i', 'create', 'vs', '-n', namespace]))
          .stdout,
      ).toBe('no\n');
      await expect(
        sandbox.client.tryGet(kinds.virtualServices, namespace, 'catalogue'),
      ).resolves.toBeUndefined();
    });
  });
});
