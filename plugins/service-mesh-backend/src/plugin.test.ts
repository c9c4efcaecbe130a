import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Sandbox, kinds } from '@internal/mesh-sandbox';
import request from 'supertest';
import { backendFor } from './__testUtils__/meshBackend';
import { addService, startMeshedSandbox } from './__testUtils__/meshedSandbox';

describe('service-mesh backend against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startMeshedSandbox();
  });
  afterAll(() => sandbox.stop());

  it('answers the mesh status of a System: control plane, sidecars, the 80/20 route, no findings', async () => {
    const { backend } = await backendFor(sandbox);
    const response = await request(backend.server)
      .get('/api/service-mesh/entities/system/default/sockshop/status')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    const status = response.body;
    expect(status.controlPlane).toMatchObject({
      name: 'basic-install',
      namespace: 'user1-istio-system',
      ready: true,
      version: 'v2.5',
    });
    expect(status.membership).toMatchObject({
      member: true,
      via: 'member-of-label',
    });
    expect(status.services.map((s: any) => s.name)).toEqual([
      'carts',
      'front-end',
    ]);
    const frontEnd = status.services.find((s: any) => s.name === 'front-end');
    expect(
      frontEnd.workloads.map((w: any) => `${w.name} ${w.sidecar}`),
    ).toEqual(['front-end injected', 'front-end-v2 injected']);
    expect(
      frontEnd.routes[0].destinations.map(
        (d: any) => `${d.version}=${d.weight}`,
      ),
    ).toEqual(['v1=80', 'v2=20']);
    expect(
      status.services.find((s: any) => s.name === 'carts').circuitBreaker
        .destinationRule,
    ).toBe('carts');
    expect(status.sources).toEqual({
      kubernetes: { state: 'ok' },
      kiali: { state: 'not-configured' },
      prometheus: { state: 'not-configured' },
    });
    expect(status.findings).toEqual([]);
    expect(JSON.stringify(status)).not.toContain(sandbox.tokens.write);
    await backend.stop();
  });

  it('covers only its own service for a Component', async () => {
    const { backend } = await backendFor(sandbox);
    const response = await request(backend.server)
      .get('/api/service-mesh/entities/component/default/front-end/status')
      .set('Authorization', mockCredentials.user.header());
    expect(response.body.services.map((s: any) => s.name)).toEqual([
      'front-end',
    ]);
    await backend.stop();
  });

  it('refuses callers that are not signed in, and unknown entities', async () => {
    const { backend } = await backendFor(sandbox);
    expect(
      (
        await request(backend.server).get(
          '/api/service-mesh/entities/system/default/sockshop/status',
        )
      ).status,
    ).toBe(401);
    const missing = await request(backend.server)
      .get('/api/service-mesh/entities/system/default/nope/status')
      .set('Authorization', mockCredentials.user.header());
    expect(missing.status).toBe(404);
    await backend.stop();
  });

  it('answers 400 naming the missing annotation for an entity without Kubernetes annotations', async () => {
    const { backend } = await backendFor(sandbox);
    const response = await request(backend.server)
      .get('/api/service-mesh/entities/component/default/no-annotations/status')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(
      'has no backstage.io/kubernetes-namespace annotation',
    );
    await backend.stop();
  });

  it('finds an upstream Istio control plane for a namespace labelled istio-injection=enabled', async () => {
    const { client } = sandbox;
    await client.create(kinds.namespaces, {
      metadata: { name: 'istio-system' },
    });
    await client.create(kinds.namespaces, {
      metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } },
    });
    await client.create(kinds.deployments, {
      metadata: {
        name: 'istiod',
        namespace: 'istio-system',
        labels: { app: 'istiod' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'istiod' } },
        template: {
          metadata: { labels: { app: 'istiod' } },
          spec: {
            containers: [
              { name: 'discovery', image: 'docker.io/istio/pilot:1.24.2' },
            ],
          },
        },
      },
    });
    await sandbox.settle();
    const { backend } = await backendFor(sandbox);
    const response = await request(backend.server)
      .get('/api/service-mesh/entities/system/default/bookinfo/status')
      .set('Authorization', mockCredentials.user.header());
    await backend.stop();
    expect(response.body.membership).toMatchObject({
      member: true,
      via: 'istio-injection-label',
      controlPlaneNamespace: 'istio-system',
    });
    expect(response.body.controlPlane).toMatchObject({
      flavour: 'istio',
      name: 'istiod',
      namespace: 'istio-system',
      version: '1.24.2',
      ready: true,
    });
  });

  it('costs a fixed number of namespace-scoped reads whatever the number of services, and one round for concurrent viewers', async () => {
    const { backend } = await backendFor(sandbox);
    const statusOf = () =>
      request(backend.server)
        .get('/api/service-mesh/entities/system/default/sockshop/status')
        .set('Authorization', mockCredentials.user.header());
    sandbox.stats.reset();
    await Promise.all(Array.from({ length: 100 }, statusOf));
    const before = sandbox.stats.snapshot();
    await backend.stop();

    for (let i = 0; i < 10; i++) await addService(sandbox, `extra-${i}`);
    const { backend: second } = await backendFor(sandbox);
    sandbox.stats.reset();
    const grown = await request(second.server)
      .get('/api/service-mesh/entities/system/default/sockshop/status')
      .set('Authorization', mockCredentials.user.header());
    expect(grown.body.services).toHaveLength(12);
    expect(sandbox.stats.snapshot()).toEqual(before);
    expect(before.byVerb).toEqual({ get: 2, list: 13 });
    await second.stop();
    for (let i = 0; i < 10; i++) {
      await sandbox.client.delete(
        kinds.services,
        'user1-sockshop',
        `extra-${i}`,
      );
      await sandbox.client.delete(
        kinds.deployments,
        'user1-sockshop',
        `extra-${i}`,
      );
    }
    await sandbox.settle();
  });

  it('reports a failing Kubernetes source and still answers', async () => {
    const { backend } = await backendFor(sandbox);
    sandbox.faults.add({
      path: '/apis/apps/v1/namespaces/user1-sockshop/deployments',
      status: 503,
    });
    const response = await request(backend.server)
      .get('/api/service-mesh/entities/system/default/sockshop/status')
      .set('Authorization', mockCredentials.user.header());
    sandbox.faults.clear();
    expect(response.status).toBe(200);
    expect(response.body.sources.kubernetes).toEqual({
      state: 'error',
      reason: expect.stringContaining('HTTP 503'),
    });
    expect(response.body.services).toEqual([]);
    await backend.stop();
  });

  describe('request rates', () => {
    const path =
      '/api/service-mesh/entities/component/default/front-end/request-rates';

    it('says Prometheus is not configured for a cluster without one', async () => {
      const { backend } = await backendFor(sandbox);
      const response = await request(backend.server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        entity: { kind: 'component', namespace: 'default', name: 'front-end' },
        source: { state: 'not-configured' },
        services: {},
      });
      await backend.stop();
    });

    it('names the minutes field when it is out of range, and needs the read permission', async () => {
      const { backend } = await backendFor(sandbox);
      const bad = await request(backend.server)
        .get(`${path}?minutes=100000`)
        .set('Authorization', mockCredentials.user.header());
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        'minutes must be a whole number from 5 to 360',
      );
      await backend.stop();

      const denied = await backendFor(sandbox, {
        result: AuthorizeResult.DENY,
      });
      const response = await request(denied.backend.server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain(
        'you may not read the request rates of component:default/front-end',
      );
      await denied.backend.stop();
    });
  });

  describe('traffic shifting', () => {
    const vsNow = () =>
      sandbox.client.get(
        kinds.virtualServices,
        'user1-sockshop',
        'front-end-virtualservice',
      );

    it('keeps the hosts, gateways and labels that the template applied under the same field manager', async () => {
      const live = await vsNow();
      // what servicemesh:canary:deploy leaves: the whole object applied by the plugins' manager
      await sandbox.client.apply(
        kinds.virtualServices,
        {
          apiVersion: 'networking.istio.io/v1beta1',
          kind: 'VirtualService',
          metadata: {
            name: 'front-end-virtualservice',
            namespace: 'user1-sockshop',
            labels: { 'servicemesh.backstage.io/managed-by': 'user1' },
          },
          spec: live.spec,
        },
        { fieldManager: 'backstage-service-mesh', force: true },
      );
      const { backend } = await backendFor(sandbox);
      const response = await request(backend.server)
        .post('/api/service-mesh/entities/component/default/front-end/traffic')
        .set('Authorization', mockCredentials.user.header())
        .send({ service: 'front-end', weights: { v1: 70, v2: 30 } });
      expect(response.status).toBe(200);
      const vs = await vsNow();
      expect(vs.spec.http[0].route.map((r: any) => r.weight)).toEqual([70, 30]);
      expect(vs.spec.hosts).toEqual(live.spec.hosts);
      expect(vs.spec.gateways).toEqual(live.spec.gateways);
      expect(vs.metadata.labels).toMatchObject({
        'servicemesh.backstage.io/managed-by': 'user1',
      });
      // back to the guide's 80/20 for the tests below
      const back = await request(backend.server)
        .post('/api/service-mesh/entities/component/default/front-end/traffic')
        .set('Authorization', mockCredentials.user.header())
        .send({ service: 'front-end', weights: { v1: 80, v2: 20 } });
      expect(back.status).toBe(200);
      await backend.stop();
    });

    it('refuses to take weights another field manager owns, naming the field and the manager', async () => {
      const live = await vsNow();
      // someone changes the weights by hand (kubectl edit sends an update as "kubectl-edit")
      const http = structuredClone(live.spec.http);
      http[0].route[0].weight = 90;
      http[0].route[1].weight = 10;
      await sandbox.client.mergePatch(
        kinds.virtualServices,
        'user1-sockshop',
        'front-end-virtualservice',
        { spec: { http } },
        { fieldManager: 'kubectl-edit' },
      );
      const { backend } = await backendFor(sandbox);
      try {
        const response = await request(backend.server)
          .post(
            '/api/service-mesh/entities/component/default/front-end/traffic',
          )
          .set('Authorization', mockCredentials.user.header())
          .send({ service: 'front-end', weights: { v1: 50, v2: 50 } });
        expect(response.status).toBe(409);
        expect(response.body.error.message).toContain(
          'spec.http is also managed by "kubectl-edit"',
        );
        expect(
          (await vsNow()).spec.http[0].route.map((r: any) => r.weight),
        ).toEqual([90, 10]);
      } finally {
        await backend.stop();
        // the plugins' manager takes the weights back for the tests below
        await sandbox.client.apply(
          kinds.virtualServices,
          {
            metadata: {
              name: 'front-end-virtualservice',
              namespace: 'user1-sockshop',
              labels: live.metadata.labels,
            },
            spec: live.spec,
          },
          { fieldManager: 'backstage-service-mesh', force: true },
        );
      }
    });

    it('applies new weights with server-side apply, audits who changed what, and answers the new status', async () => {
      const { backend, events } = await backendFor(sandbox);
      const response = await request(backend.server)
        .post('/api/service-mesh/entities/component/default/front-end/traffic')
        .set('Authorization', mockCredentials.user.header())
        .send({ service: 'front-end', weights: { v1: 50, v2: 50 } });
      expect(response.status).toBe(200);
      const route = response.body.services[0].routes[0];
      expect(
        route.destinations.map((d: any) => `${d.subset}=${d.weight}`),
      ).toEqual(['v1=50', 'v2=50']);
      const vs = await vsNow();
      expect(vs.spec.http[0].route.map((r: any) => r.weight)).toEqual([50, 50]);
      expect(vs.spec.http[0].route[0].destination).toEqual({
        host: 'front-end.user1-sockshop.svc.cluster.local',
        subset: 'v1',
        port: { number: 80 },
      });
      expect(
        vs.metadata.managedFields!.map(
          (m: any) => `${m.manager}/${m.operation}`,
        ),
      ).toContain('backstage-service-mesh/Apply');
      expect(events[0]).toMatchObject({
        eventId: 'traffic-shift',
        meta: {
          actor: 'user:default/mock',
          intent: 'traffic',
          cluster: 'local',
          namespaces: ['user1-sockshop'],
          entityRef: 'component:default/front-end',
          service: 'front-end',
          to: { v1: 50, v2: 50 },
        },
      });
      expect(events[1]).toEqual({
        success: {
          virtualService: 'front-end-virtualservice',
          from: { v1: 80, v2: 20 },
        },
      });
      await backend.stop();
    });

    it.each([
      [
        { service: 'front-end', weights: { v1: 60, v2: 50 } },
        'weights must sum to 100, got 110',
      ],
      [
        { service: 'front-end', weights: { v1: 50.5, v2: 49.5 } },
        'weights.v1 must be a whole number',
      ],
      [
        { service: 'front-end', weights: { v1: 50, v3: 50 } },
        "weights.v3: no DestinationRule defines subset 'v3'",
      ],
      [
        { service: 'carts', weights: { v1: 100 } },
        "service 'carts' is not part of component:default/front-end",
      ],
      [
        { service: 'Front End', weights: { v1: 100 } },
        'service must be the name of a Kubernetes Service',
      ],
    ])(
      'rejects %j with 400 naming the field, and writes nothing',
      async (body, message) => {
        const { backend } = await backendFor(sandbox);
        const before = (await vsNow()).metadata.resourceVersion;
        const response = await request(backend.server)
          .post(
            '/api/service-mesh/entities/component/default/front-end/traffic',
          )
          .set('Authorization', mockCredentials.user.header())
          .send(body);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(message);
        expect((await vsNow()).metadata.resourceVersion).toBe(before);
        await backend.stop();
      },
    );

    it('answers 403 without the permissions (reading or changing) and writes nothing', async () => {
      const { backend, events } = await backendFor(sandbox, {
        result: AuthorizeResult.DENY,
      });
      const before = (await vsNow()).metadata.resourceVersion;
      const response = await request(backend.server)
        .post('/api/service-mesh/entities/component/default/front-end/traffic')
        .set('Authorization', mockCredentials.user.header())
        .send({ service: 'front-end', weights: { v1: 0, v2: 100 } });
      expect(response.status).toBe(403);
      expect((await vsNow()).metadata.resourceVersion).toBe(before);
      // the refused attempt is audited too
      expect(events).toEqual([
        expect.objectContaining({ eventId: 'traffic-shift' }),
        { fail: response.body.error.message },
      ]);
      const read = await request(backend.server)
        .get('/api/service-mesh/entities/component/default/front-end/status')
        .set('Authorization', mockCredentials.user.header());
      expect(read.status).toBe(403);
      expect(read.body.error.message).toContain(
        'you may not read the mesh status of component:default/front-end',
      );
      await backend.stop();
    });

    const user1Location = {
      id: 'location-1',
      type: 'service-mesh-namespace',
      target:
        'local/user1-sockshop?system=sockshop&owner=group%3Adefault%2Fteam-a',
    };
    const user1System: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: 'sockshop',
        namespace: 'user1-sockshop',
        annotations: {
          'backstage.io/managed-by-location': `service-mesh-namespace:${user1Location.target}`,
          'backstage.io/kubernetes-namespace': 'user1-sockshop',
        },
      },
      spec: { owner: 'group:default/team-a' },
    };

    it('decides by the namespace’s owning System: an entity the caller may change that points at the namespace gives no rights', async () => {
      // the caller may change component:default/front-end, not the System that owns user1-sockshop
      const { backend, events } = await backendFor(sandbox, {
        decide: (_permission, resourceRef) =>
          resourceRef === 'component:default/front-end',
        locations: [user1Location],
        entities: [user1System],
      });
      const before = (await vsNow()).metadata.resourceVersion;
      const response = await request(backend.server)
        .post('/api/service-mesh/entities/component/default/front-end/traffic')
        .set('Authorization', mockCredentials.user.header())
        .send({ service: 'front-end', weights: { v1: 0, v2: 100 } });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        'namespace user1-sockshop on cluster local belongs to system:user1-sockshop/sockshop, owned by group:default/team-a; user:default/mock may not shift the traffic of it',
      );
      expect((await vsNow()).metadata.resourceVersion).toBe(before);
      expect(events[0].meta.owners).toEqual({
        'user1-sockshop': ['system:user1-sockshop/sockshop'],
      });
      await backend.stop();
    });

    it('refuses a namespace no System owns to anyone but its own user or an admin', async () => {
      const { backend } = await backendFor(sandbox, {
        decide: permission => permission !== 'servicemesh.admin',
      });
      const before = (await vsNow()).metadata.resourceVersion;
      const response = await request(backend.server)
        .post('/api/service-mesh/entities/system/default/sockshop/traffic')
        .set('Authorization', mockCredentials.user.header())
        .send({ service: 'front-end', weights: { v1: 0, v2: 100 } });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        "namespace user1-sockshop on cluster local has no owning System in the catalog and is not one of user:default/mock's own namespaces (mock-istio-system, mock-sockshop); only an admin (servicemesh.admin) may shift the traffic of it",
      );
      expect((await vsNow()).metadata.resourceVersion).toBe(before);
      await backend.stop();
    });

    it('lets whoever may change the owning System shift the traffic, through the URL of any of its entities', async () => {
      const { backend } = await backendFor(sandbox, {
        decide: (permission, resourceRef) =>
          permission === 'servicemesh.traffic.update' &&
          resourceRef === 'system:user1-sockshop/sockshop',
        locations: [user1Location],
        entities: [user1System],
      });
      const shift = (weights: Record<string, number>) =>
        request(backend.server)
          .post(
            '/api/service-mesh/entities/component/default/front-end/traffic',
          )
          .set('Authorization', mockCredentials.user.header())
          .send({ service: 'front-end', weights });
      expect((await shift({ v1: 60, v2: 40 })).status).toBe(200);
      expect(
        (await vsNow()).spec.http[0].route.map((r: any) => r.weight),
      ).toEqual([60, 40]);
      expect((await shift({ v1: 80, v2: 20 })).status).toBe(200);
      await backend.stop();
    });
  });
});
