import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterControllers } from './clusterControllers';
import { Sandbox, startSandbox } from './sandbox';
import { sockshopScenario } from './scenarios';
import { kubectlFor, Kubectl, tableRows } from './server/__testUtils__/kubectl';
import { sandboxRequest } from './traffic/__testUtils__/https';
import { eventually } from './__testUtils__/eventually';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '__fixtures__', 'guide', name), 'utf8');
const host = 'front-end-user1-sockshop.apps.guide.example.com';

/** How long any one step may take to roll out on a busy machine (every wait is explicit). */
const rolloutTimeout = '90s';
const rolloutMs = 90_000;

/**
 * The hands-on guide, step by step, with kubectl in place of oc (as a cluster
 * admin), against a sandbox that starts as the guide does: SockShop deployed,
 * no mesh. Kubernetes' controllers, kwok and the simulated operators all take
 * real time, so every step waits for its outcome with kubectl wait / rollout
 * status or by polling.
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
    await sandbox.settle(rolloutMs);
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
  const browse = async (path = '/') =>
    (
      await sandboxRequest(sandbox, `/_sandbox/routes/${host}${path}`, {
        token: sandbox.tokens.write,
      })
    ).json();
  /** Browses until the answer matches, as the guide's reader reloads the page. */
  const browseUntil = (expected: Record<string, unknown>, path = '/') =>
    eventually(async () => {
      const answer = await browse(path);
      expect(answer).toMatchObject(expected);
      return answer;
    }, rolloutMs);
  const rolloutStatus = (name: string, namespace = 'user1-sockshop') =>
    ok([
      'rollout',
      'status',
      `deployment/${name}`,
      '-n',
      namespace,
      `--timeout=${rolloutTimeout}`,
    ]);
  /** The sockshop pods as `kubectl get pods` lists them, once none is terminating. */
  const podRows = (count: number, ready: string) =>
    eventually(async () => {
      const rows = tableRows(
        await ok(['get', 'pods', '-n', 'user1-sockshop']),
      ).slice(1);
      expect(rows.map(r => [r[1], r[2]])).toEqual(
        Array(count).fill([ready, 'Running']),
      );
      return rows;
    }, rolloutMs);

  it('starts with SockShop reachable through its own Route', async () => {
    expect(await podRows(13, '1/1')).toHaveLength(13);
    const answer = await browseUntil({ status: 200 });
    expect(answer.workload).toBe('front-end');
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
      `--timeout=${rolloutTimeout}`,
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
      `--timeout=${rolloutTimeout}`,
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
    const policies = await eventually(async () => {
      const names = tableRows(
        await ok(['get', 'networkpolicy', '-n', 'user1-sockshop']),
      )
        .slice(1)
        .map(r => r[0])
        .sort();
      expect(names).toEqual(['istio-expose-route', 'istio-mesh']);
      return names;
    }, rolloutMs);
    expect(policies).toHaveLength(2);
    const blocked = await browseUntil({ status: 503 });
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
    for (const name of names) await rolloutStatus(name);
    // The old pods go, the new ones come back with the Envoy sidecar.
    await podRows(13, '2/2');
  });

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
    const served = await browseUntil({
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
    await rolloutStatus('carts');
    const down = await browseUntil({ responseFlags: 'UH' }, '/cart');
    expect(down.status).toBeGreaterThanOrEqual(503);
    expect(down.durationMs).toBeLessThan(1000);
    await ok([
      'scale',
      'deployment',
      'carts',
      '-n',
      'user1-sockshop',
      '--replicas=1',
    ]);
    await rolloutStatus('carts');
    await browseUntil({ status: 200 }, '/cart');
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
    await rolloutStatus('front-end-v2');
    await browseUntil({ status: 200, version: 'v2' });
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
  });

  it('takes a canary whose weights do not sum to 100, as Istio >= 1.15 does: weights are relative', async () => {
    const uneven = fixture('canary.yaml').replace('weight: 20', 'weight: 10');
    expect(
      await ok(['apply', '-n', 'user1-sockshop', '-f', '-'], uneven),
    ).toContain(
      'virtualservice.networking.istio.io/front-end-virtualservice configured',
    );
    // Once the simulators' cache has the new weights...
    await eventually(() =>
      expect(
        sandbox.cache
          .get(
            'networking.istio.io',
            'virtualservices',
            'user1-sockshop',
            'front-end-virtualservice',
          )
          ?.spec.http[0].route.map((r: any) => r.weight),
      ).toEqual([80, 10]),
    );
    const versions: Record<string, number> = {};
    for (let i = 0; i < 90; i++) {
      const answer = await browse();
      versions[answer.version] = (versions[answer.version] ?? 0) + 1;
    }
    // ...v2 gets 10 of every 90 requests, not 10%.
    expect(versions.v1).toBeGreaterThanOrEqual(78);
    expect(versions.v1).toBeLessThanOrEqual(82);
    expect(versions.v1 + versions.v2).toBe(90);
  });
});
