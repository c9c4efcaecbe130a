import { parse as parseYaml } from 'yaml';
import { ObjectApi } from '../k8s/objectApi';
import { Sandbox } from '../sandbox';
import {
  deployment,
  namespaceName as namespace,
  startSeededSandbox,
  virtualService,
} from './__testUtils__/cluster';
import { Kubectl, kubectlFor, tableRows } from './__testUtils__/kubectl';

const controlPlane = 'user1-istio-system';

function seedMesh(api: ObjectApi) {
  const smcps = api.type('maistra.io', 'servicemeshcontrolplanes');
  api.create(smcps, controlPlane, {
    apiVersion: 'maistra.io/v2',
    kind: 'ServiceMeshControlPlane',
    metadata: { name: 'basic' },
    spec: { version: 'v2.5', profiles: ['default'] },
  });
  api.updateStatus(
    smcps,
    controlPlane,
    'basic',
    {
      annotations: { readyComponentCount: '9/9' },
      conditions: [
        { type: 'Ready', status: 'True', reason: 'ComponentsReady' },
      ],
      appliedSpec: { profiles: ['default'] },
      chartVersion: '2.5.0',
    },
    'istio-operator',
  );
  const smmrs = api.type('maistra.io', 'servicemeshmemberrolls');
  api.create(smmrs, controlPlane, {
    metadata: { name: 'default' },
    spec: { members: [namespace] },
  });
  api.updateStatus(
    smmrs,
    controlPlane,
    'default',
    {
      annotations: { configuredMemberCount: '1/1' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'Configured' }],
      members: [namespace],
    },
    'istio-operator',
  );
}

function seedWorkloads(api: ObjectApi) {
  api.create(
    api.type('networking.istio.io', 'virtualservices'),
    namespace,
    virtualService('front-end', { gateways: ['sockshop-gateway'] }),
  );
  const pods = api.type('', 'pods');
  api.create(pods, namespace, {
    metadata: { name: 'carts-7d4f9c-x2x9z', labels: { app: 'carts' } },
    spec: {
      containers: [
        { name: 'carts', image: 'quay.io/sockshop/carts:0.4.8' },
        { name: 'istio-proxy', image: 'proxyv2-ubi8' },
      ],
    },
  });
  api.updateStatus(
    pods,
    namespace,
    'carts-7d4f9c-x2x9z',
    {
      phase: 'Running',
      containerStatuses: [
        { name: 'carts', ready: true, restartCount: 0, state: { running: {} } },
        {
          name: 'istio-proxy',
          ready: true,
          restartCount: 0,
          state: { running: {} },
        },
      ],
    },
    'kubelet',
  );
  api.create(api.type('apps', 'deployments'), namespace, deployment('carts'));
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

describe('kubectl 1.32 against the sandbox', () => {
  let sandbox: Sandbox;
  let kubectl: Kubectl;
  beforeAll(async () => {
    sandbox = await startSeededSandbox(
      api => {
        seedMesh(api);
        seedWorkloads(api);
      },
      [namespace, controlPlane],
    );
    kubectl = kubectlFor(sandbox);
  });
  afterAll(async () => {
    kubectl.cleanup();
    await sandbox.stop();
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

  const vsApi = () =>
    sandbox.api.type('networking.istio.io', 'virtualservices');

  it('gets namespaces', async () => {
    const rows = tableRows(await ok(['get', 'ns']));
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(rows.slice(1).map(r => r.slice(0, 2))).toEqual([
      [controlPlane, 'Active'],
      [namespace, 'Active'],
    ]);
  });

  it('prints the GATEWAYS and HOSTS columns of VirtualServices', async () => {
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

  it('prints the READY column of pods', async () => {
    const rows = tableRows(await ok(['get', 'pods', '-n', namespace]));
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows[1].slice(0, 4)).toEqual([
      'carts-7d4f9c-x2x9z',
      '2/2',
      'Running',
      '0',
    ]);
  });

  it('gets an object as YAML', async () => {
    const object = parseYaml(
      await ok(['get', 'vs', 'front-end', '-n', namespace, '-o', 'yaml']),
    );
    expect(object).toMatchObject({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'front-end', namespace, generation: 1 },
      spec: { gateways: ['sockshop-gateway'], hosts: ['front-end'] },
    });
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
    const vs = sandbox.api.get(vsApi(), namespace, 'catalogue');
    expect(vs.spec.gateways).toEqual(['sockshop-gateway']);
    expect(vs.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'kubectl', operation: 'Apply' }),
    );
  });

  it('reports the kind of networking.istio.io/v1 as not served', async () => {
    const result = await kubectl(
      ['apply', '-f', '-'],
      catalogueManifest.replace(
        'networking.istio.io/v1beta1',
        'networking.istio.io/v1',
      ),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'no matches for kind "VirtualService" in version "networking.istio.io/v1"',
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
    const vs = sandbox.api.get(vsApi(), namespace, 'catalogue');
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
    const carts = sandbox.api.get(
      sandbox.api.type('apps', 'deployments'),
      namespace,
      'carts',
    );
    expect(carts.spec.template.metadata.annotations).toEqual({
      'sidecar.istio.io/inject': 'true',
    });
    expect(carts.spec.template.spec.containers).toHaveLength(1);
  });

  it('scales a Deployment and shows its wide columns', async () => {
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
    expect(rows[1][1]).toBe('0/0');
    expect(rows[1].slice(5)).toEqual([
      'carts',
      'quay.io/sockshop/carts:0.4.8',
      'app=carts',
    ]);
    await ok(['scale', 'deployment', 'carts', '-n', namespace, '--replicas=1']);
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
    const remaining = await kubectl(['get', 'cm', '-n', namespace]);
    expect(remaining.stderr).toContain('No resources found');
  });

  it('waits for a Deployment condition set while it waits', async () => {
    const waiting = kubectl([
      'wait',
      '--for=condition=Available',
      'deployment/carts',
      '-n',
      namespace,
      '--timeout=20s',
    ]);
    await waitUntil(
      () =>
        (sandbox.stats.snapshot().byResource['deployments.apps']?.watch ?? 0) >
        0,
    );
    sandbox.api.updateStatus(
      sandbox.api.type('apps', 'deployments'),
      namespace,
      'carts',
      {
        replicas: 1,
        readyReplicas: 1,
        availableReplicas: 1,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
          },
        ],
      },
      'deployment-controller',
    );
    const result = await waiting;
    expect(result).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/carts condition met\n',
    });
    expect(
      await ok([
        'wait',
        '--for=jsonpath={.status.readyReplicas}=1',
        'deployment/carts',
        '-n',
        namespace,
        '--timeout=5s',
      ]),
    ).toBe('deployment.apps/carts condition met\n');
  });

  it('lists api-resources with their short names', async () => {
    const rows = tableRows(await ok(['api-resources']));
    const byName = new Map(rows.map(r => [r[0], r]));
    expect(byName.get('virtualservices')?.slice(0, 2)).toEqual([
      'virtualservices',
      'vs',
    ]);
    expect(byName.get('servicemeshcontrolplanes')?.slice(0, 3)).toEqual([
      'servicemeshcontrolplanes',
      'smcp',
      'maistra.io/v2',
    ]);
    expect(byName.get('servicemeshmemberrolls')?.[1]).toBe('smmr');
  });
});

async function waitUntil(condition: () => boolean) {
  while (!condition()) await new Promise(resolve => setTimeout(resolve, 20));
}
