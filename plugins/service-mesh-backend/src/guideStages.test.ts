import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Sandbox,
  clusterControllers,
  sockshopScenario,
  startSandbox,
  sandboxKubernetesConfig,
  kinds,
} from '@internal/mesh-sandbox';
import request from 'supertest';
import { serviceMeshPlugin } from './plugin';

jest.setTimeout(120_000);

const ns = 'user1-sockshop';
const cp = 'user1-istio-system';
const domain = 'apps.example.com';
const host = `front-end.${ns}.svc.cluster.local`;
const sockshop: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'sockshop',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': ns },
  },
  spec: { owner: 'team' },
};

/**
 * The status of the SockShop system after each step of the hands-on guide, the
 * steps made as the guide makes them, on a sandbox that starts with SockShop
 * deployed and no mesh.
 */
describe('mesh status through the guide’s stages', () => {
  let sandbox: Sandbox;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    sandbox = await startSandbox({
      appsDomain: domain,
      trafficRps: 0,
      controllers: clusterControllers().controllers,
      seed: sockshopScenario({ users: 1 }),
    });
    await sandbox.settle(60_000);
    backend = await startTestBackend({
      features: [
        serviceMeshPlugin,
        catalogServiceMock.factory({ entities: [sockshop] }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: sandboxKubernetesConfig(sandbox),
            serviceMesh: { cacheTtlSeconds: 0 },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  const client = () => sandbox.client;
  async function status() {
    await sandbox.settle(60_000);
    const response = await request(backend.server)
      .get('/api/service-mesh/entities/system/default/sockshop/status')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    return response.body;
  }
  const service = (body: any, name: string) =>
    body.services.find((s: any) => s.name === name);
  const states = (body: any) =>
    new Set(
      body.services.flatMap((s: any) => s.workloads.map((w: any) => w.sidecar)),
    );
  const codes = (body: any) => body.findings.map((f: any) => f.code);

  it('before the mesh: 13 services outside any mesh, nothing to report', async () => {
    const body = await status();
    expect(body.membership).toEqual({
      namespace: ns,
      member: false,
      via: 'none',
    });
    expect(body.controlPlane).toBeUndefined();
    expect(body.services).toHaveLength(13);
    expect(states(body)).toEqual(new Set(['not-in-mesh']));
    expect(body.findings).toEqual([]);
  });

  it('after the control plane and member roll: in the mesh, every workload without its sidecar', async () => {
    await client().create(kinds.namespaces, { metadata: { name: cp } });
    // the guide's v1 spec
    await client().create(
      { ...kinds.controlPlanes, version: 'v1' },
      {
        metadata: { name: 'basic-install', namespace: cp },
        spec: {
          istio: {
            global: { disablePolicyChecks: false, mtls: { enabled: false } },
          },
        },
      },
    );
    await client().create(kinds.memberRolls, {
      metadata: { name: 'default', namespace: cp },
      spec: { members: [ns] },
    });
    const body = await status();
    expect(body.membership).toEqual({
      namespace: ns,
      member: true,
      controlPlaneNamespace: cp,
      via: 'member-of-label',
    });
    expect(body.controlPlane).toMatchObject({
      flavour: 'maistra',
      name: 'basic-install',
      namespace: cp,
      ready: true,
    });
    expect(states(body)).toEqual(new Set(['missing']));
    expect(codes(body)).toEqual(Array(13).fill('sidecar-missing'));
  });

  it('after the JSON patch of every deployment: every workload injected, no findings', async () => {
    for (const deployment of (await client().list(kinds.deployments, ns))
      .items) {
      const name = deployment.metadata.name!;
      await client().jsonPatch(kinds.deployments, ns, name, [
        {
          op: 'add',
          path: '/spec/template/metadata',
          value: {
            annotations: { 'sidecar.istio.io/inject': 'true' },
            labels: { name, version: 'v1' },
          },
        },
      ]);
    }
    const body = await status();
    expect(states(body)).toEqual(new Set(['injected']));
    expect(service(body, 'carts').workloads[0]).toMatchObject({
      readyPods: 1,
      podsWithSidecar: 1,
      version: 'v1',
    });
    expect(body.findings).toEqual([]);
  });

  it('after the ingress: front-end routed through the gateway, a missing gateway reported until it exists', async () => {
    await client().create(kinds.virtualServices, {
      metadata: { name: 'front-end-virtualservice', namespace: ns },
      spec: {
        hosts: [`front-end-${ns}.${domain}`],
        gateways: ['sockshop-wildcard-gateway'],
        http: [{ route: [{ destination: { host, port: { number: 80 } } }] }],
      },
    });
    const unbound = await status();
    expect(codes(unbound)).toEqual(['missing-gateway']);
    await client().create(kinds.gateways, {
      metadata: { name: 'sockshop-wildcard-gateway', namespace: ns },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 80, name: 'http', protocol: 'HTTP' },
            hosts: [`*.${domain}`],
          },
        ],
      },
    });
    const body = await status();
    expect(service(body, 'front-end').routes).toEqual([
      expect.objectContaining({
        virtualService: 'front-end-virtualservice',
        gateways: ['sockshop-wildcard-gateway'],
        missingGateways: [],
        destinations: [
          expect.objectContaining({ weight: 100, matchingPods: 1 }),
        ],
      }),
    ]);
    expect(body.findings).toEqual([]);
  });

  it('after the canary: front-end v1 and v2 at 80/20 through subsets', async () => {
    const v1 = await client().get(kinds.deployments, ns, 'front-end');
    await client().create(kinds.deployments, {
      metadata: { name: 'front-end-v2', namespace: ns },
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
    });
    await client().create(kinds.destinationRules, {
      metadata: { name: 'front-end', namespace: ns },
      spec: {
        host,
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    });
    await client().mergePatch(
      kinds.virtualServices,
      ns,
      'front-end-virtualservice',
      {
        spec: {
          http: [
            {
              route: [
                {
                  destination: { host, subset: 'v1', port: { number: 80 } },
                  weight: 80,
                },
                {
                  destination: { host, subset: 'v2', port: { number: 80 } },
                  weight: 20,
                },
              ],
            },
          ],
        },
      },
    );
    const body = await status();
    const frontEnd = service(body, 'front-end');
    expect(
      frontEnd.workloads.map((w: any) => `${w.name} ${w.version} ${w.sidecar}`),
    ).toEqual(['front-end v1 injected', 'front-end-v2 v2 injected']);
    expect(
      frontEnd.routes[0].destinations.map(
        (d: any) => `${d.version}=${d.weight} pods=${d.matchingPods}`,
      ),
    ).toEqual(['v1=80 pods=1', 'v2=20 pods=1']);
    expect(
      frontEnd.subsets.map((s: any) => `${s.name}:${s.matchingPods}`),
    ).toEqual(['v1:1', 'v2:1']);
    expect(body.findings).toEqual([]);
  });

  it('after the circuit breaker: carts shows its outlier detection', async () => {
    await client().create(kinds.destinationRules, {
      metadata: { name: 'carts', namespace: ns },
      spec: {
        host: 'carts',
        trafficPolicy: {
          outlierDetection: {
            consecutive5xxErrors: 1,
            interval: '1s',
            baseEjectionTime: '3m',
            maxEjectionPercent: 100,
          },
        },
      },
    });
    const body = await status();
    expect(service(body, 'carts').circuitBreaker).toEqual({
      destinationRule: 'carts',
      outlierDetection: {
        consecutive5xxErrors: 1,
        interval: '1s',
        baseEjectionTime: '3m',
        maxEjectionPercent: 100,
      },
    });
  });

  it('with carts scaled to 0: no ready pods, still in the mesh, nothing misreported', async () => {
    await client().mergePatch(kinds.deployments, ns, 'carts', {
      spec: { replicas: 0 },
    });
    const body = await status();
    expect(service(body, 'carts').workloads[0]).toMatchObject({
      replicas: 0,
      readyPods: 0,
      sidecar: 'injected',
    });
    expect(body.findings).toEqual([]);
  });
});
