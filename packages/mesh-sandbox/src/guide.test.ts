import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterControllers } from './clusterControllers';
import { Sandbox, startSandbox } from './sandbox';
import { sockshopScenario } from './scenarios';
import { kubectlFor, Kubectl, tableRows } from './server/__testUtils__/kubectl';
import { sandboxRequest } from './traffic/__testUtils__/https';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '__fixtures__', 'guide', name), 'utf8');
const host = 'front-end-user1-sockshop.apps.guide.example.com';

/**
 * The hands-on guide, step by step, with kubectl in place of oc, against a
 * sandbox that starts as the guide does: SockShop deployed, no mesh.
 */
describe('the hands-on guide with kubectl', () => {
  let sandbox: Sandbox;
  let kubectl: Kubectl;

  beforeAll(async () => {
    sandbox = await startSandbox({
      appsDomain: 'apps.guide.example.com',
      controllers: clusterControllers().controllers,
      seed: sockshopScenario({ users: 1 }),
    });
    await sandbox.settle();
    kubectl = kubectlFor(sandbox);
  });
  afterAll(async () => {
    kubectl?.cleanup();
    await sandbox?.stop();
  });

  const ok = async (args: string[], stdin?: string) => {
    const result = await kubectl(args, stdin);
    if (result.code !== 0)
      throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  const browse = async () =>
    (
      await sandboxRequest(sandbox, `/_sandbox/routes/${host}/`, {
        token: sandbox.tokens.write,
      })
    ).json();

  it('starts with SockShop reachable through its own Route', async () => {
    const rows = tableRows(await ok(['get', 'pods', '-n', 'user1-sockshop']));
    expect(rows.slice(1)).toHaveLength(13);
    expect(rows.slice(1).every(r => r[1] === '1/1' && r[2] === 'Running')).toBe(
      true,
    );
    expect(await browse()).toMatchObject({
      status: 200,
      workload: 'front-end',
    });
  });

  it('1. creates the control plane, which becomes Ready with its components', async () => {
    await ok(['create', 'namespace', 'user1-istio-system']);
    await ok(
      ['apply', '-n', 'user1-istio-system', '-f', '-'],
      fixture('smcp.yaml'),
    );
    await ok([
      'wait',
      '--for=condition=Ready',
      'smcp/basic-install',
      '-n',
      'user1-istio-system',
      '--timeout=60s',
    ]);
    const pods = tableRows(
      await ok(['get', 'pods', '-n', 'user1-istio-system']),
    )
      .slice(1)
      .map(r => r[0]);
    for (const component of [
      'grafana',
      'istio-ingressgateway',
      'istio-pilot',
      'jaeger',
      'kiali',
      'prometheus',
    ]) {
      expect(pods.some(p => p.startsWith(`${component}-`))).toBe(true);
    }
  });

  it('2. adds the member, which gets configured with its label and two NetworkPolicies; the old Route stops working', async () => {
    await ok(
      ['apply', '-n', 'user1-istio-system', '-f', '-'],
      fixture('smmr.yaml'),
    );
    await ok([
      'wait',
      '--for=jsonpath={.status.configuredMembers[0]}=user1-sockshop',
      'smmr/default',
      '-n',
      'user1-istio-system',
      '--timeout=60s',
    ]);
    expect(
      await ok([
        'get',
        'ns',
        'user1-sockshop',
        '-o',
        'jsonpath={.metadata.labels.maistra\\.io/member-of}',
      ]),
    ).toBe('user1-istio-system');
    const policies = tableRows(
      await ok(['get', 'networkpolicy', '-n', 'user1-sockshop']),
    )
      .slice(1)
      .map(r => r[0]);
    expect(policies.sort()).toEqual(['istio-expose-route', 'istio-mesh']);
    const blocked = await browse();
    expect(blocked.status).toBe(503);
    expect(blocked.reason).toContain('istio-mesh');
  });

  it('3. patches every deployment with the JSON patch, and every pod comes back 2/2', async () => {
    const names = (
      await ok([
        'get',
        'deploy',
        '-n',
        'user1-sockshop',
        '-o',
        'jsonpath={.items[*].metadata.name}',
      ])
    ).split(' ');
    expect(names).toHaveLength(13);
    for (const name of names) {
      const patch = JSON.stringify([
        {
          op: 'add',
          path: '/spec/template/metadata',
          value: {
            annotations: { 'sidecar.istio.io/inject': 'true' },
            labels: { name, version: 'v1' },
          },
        },
      ]);
      await ok([
        'patch',
        'deployment',
        name,
        '-n',
        'user1-sockshop',
        '--type=json',
        '-p',
        patch,
      ]);
    }
    await sandbox.settle();
    const rows = tableRows(
      await ok(['get', 'pods', '-n', 'user1-sockshop']),
    ).slice(1);
    expect(rows).toHaveLength(13);
    expect(rows.map(r => r[1])).toEqual(Array(13).fill('2/2'));
    // 15 kubectl processes: far beyond jest's default 5 s on a busy machine
  }, 120_000);

  it('4. routes the app through the mesh gateway once the old Route is replaced', async () => {
    await ok(
      ['apply', '-n', 'user1-sockshop', '-f', '-'],
      fixture('ingress.yaml'),
    );
    await ok(['delete', 'route', 'front-end', '-n', 'user1-sockshop']);
    await ok(
      ['apply', '-n', 'user1-istio-system', '-f', '-'],
      fixture('gwroute.yaml'),
    );
    const served = await browse();
    expect(served).toMatchObject({
      status: 200,
      workload: 'front-end',
      version: 'v1',
    });
    expect(served.path[0].to).toContain('istio-ingressgateway');
  });

  it('6. answers fast from Envoy when carts is down, and recovers when it is back', async () => {
    await ok([
      'scale',
      'deployment',
      'carts',
      '-n',
      'user1-sockshop',
      '--replicas=0',
    ]);
    await sandbox.settle();
    const down = (
      await sandboxRequest(sandbox, `/_sandbox/routes/${host}/cart`, {
        token: sandbox.tokens.write,
      })
    ).json();
    expect(down.status).toBeGreaterThanOrEqual(503);
    expect(down.responseFlags).toBe('UH');
    expect(down.durationMs).toBeLessThan(1000);
    await ok([
      'scale',
      'deployment',
      'carts',
      '-n',
      'user1-sockshop',
      '--replicas=1',
    ]);
    await sandbox.settle();
    const back = (
      await sandboxRequest(sandbox, `/_sandbox/routes/${host}/cart`, {
        token: sandbox.tokens.write,
      })
    ).json();
    expect(back.status).toBe(200);
  });

  it('7. splits traffic 80/20 between front-end v1 and v2 after the canary', async () => {
    const v1 = JSON.parse(
      await ok([
        'get',
        'deploy',
        'front-end',
        '-n',
        'user1-sockshop',
        '-o',
        'json',
      ]),
    );
    const v2 = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'front-end-v2', namespace: 'user1-sockshop' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { name: 'front-end', version: 'v2' } },
        template: {
          metadata: {
            labels: { name: 'front-end', version: 'v2' },
            annotations: { 'sidecar.istio.io/inject': 'true' },
          },
          spec: {
            containers: [
              {
                ...v1.spec.template.spec.containers[0],
                image: 'mosuke5/front-end:master-49c0d1f',
              },
            ],
          },
        },
      },
    };
    await ok(['apply', '-f', '-'], JSON.stringify(v2));
    await ok(
      ['apply', '-n', 'user1-sockshop', '-f', '-'],
      fixture('canary.yaml'),
    );
    await sandbox.settle();
    expect(
      await ok([
        'get',
        'vs',
        'front-end-virtualservice',
        '-n',
        'user1-sockshop',
        '-o',
        'jsonpath={.spec.http[0].route[*].weight}',
      ]),
    ).toBe('80 20');
    const versions: Record<string, number> = {};
    for (let i = 0; i < 100; i++) {
      const answer = await browse();
      versions[answer.version] = (versions[answer.version] ?? 0) + 1;
    }
    expect(versions.v1).toBeGreaterThanOrEqual(79);
    expect(versions.v1).toBeLessThanOrEqual(81);
    expect(versions.v1 + versions.v2).toBe(100);
  }, 120_000);

  it('rejects a canary whose weights do not sum to 100, as Istio’s webhook does', async () => {
    const bad = fixture('canary.yaml').replace('weight: 20', 'weight: 10');
    const result = await kubectl(
      ['apply', '-n', 'user1-sockshop', '-f', '-'],
      bad,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'admission webhook "validation.istio.io" denied the request: configuration is invalid: total destination weight 90 != 100',
    );
  });
});
