import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import serviceMeshPlugin from '@service-mesh/plugin-service-mesh/alpha';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

const annotations = {
  'backstage.io/kubernetes-namespace': 'user1-sockshop',
};
const entities: Record<string, object> = {
  'system/default/sockshop': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'sockshop', namespace: 'default', annotations },
    spec: { owner: 'group:default/sockshop-team' },
  },
  'component/default/front-end': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'front-end',
      namespace: 'default',
      annotations: {
        ...annotations,
        'backstage.io/kubernetes-label-selector': 'name=front-end',
      },
    },
    spec: {
      type: 'website',
      lifecycle: 'production',
      owner: 'group:default/sockshop-team',
    },
  },
};

/** Just enough of the mesh status for the card to draw a routed service. */
function meshStatus(kind: string, name: string) {
  return {
    entity: { kind, namespace: 'default', name },
    cluster: 'local',
    namespace: 'user1-sockshop',
    generatedAt: new Date(0).toISOString(),
    controlPlane: {
      flavour: 'maistra',
      name: 'basic-install',
      namespace: 'user1-istio-system',
      version: 'v2.5',
      ready: true,
      components: [],
    },
    membership: {
      namespace: 'user1-sockshop',
      member: true,
      via: 'member-of-label',
    },
    services: [
      {
        name: 'front-end',
        workloads: [],
        routes: [
          {
            virtualService: 'front-end-virtualservice',
            namespace: 'user1-sockshop',
            hosts: ['front-end'],
            gateways: [],
            missingGateways: [],
            httpRouteIndex: 0,
            destinations: ['v1', 'v2'].map((subset, i) => ({
              host: 'front-end',
              subset,
              version: subset,
              weight: i === 0 ? 80 : 20,
              subsetDefined: true,
            })),
          },
        ],
        subsets: [],
        observed: { splitByVersion: { v1: 79, v2: 21 } },
      },
    ],
    findings: [],
    links: {},
    sources: {
      kubernetes: { state: 'ok' },
      kiali: { state: 'ok' },
      prometheus: { state: 'ok' },
    },
  };
}

const base64url = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
const guestSession = {
  profile: { displayName: 'Guest' },
  backstageIdentity: {
    // an unsigned token the frontend only decodes for its expiry
    token: `${base64url({ alg: 'none' })}.${base64url({
      sub: 'user:default/guest',
      ent: ['user:default/guest'],
      exp: Math.floor(Date.now() / 1000) + 3600,
    })}.x`,
    identity: {
      type: 'user',
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: ['user:default/guest'],
    },
  },
};

/** The auth, catalog and service-mesh backends, answered in memory. */
async function fakeBackend(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  const byName =
    /\/api\/catalog\/entities\/by-name\/(\w+)\/(\w+)\/([\w-]+)$/.exec(
      url.pathname,
    );
  if (byName) {
    const entity = entities[`${byName[1]}/${byName[2]}/${byName[3]}`];
    return entity
      ? json(entity)
      : json({ error: { name: 'NotFoundError', message: 'not found' } }, 404);
  }
  const mesh =
    /\/api\/service-mesh\/entities\/(\w+)\/default\/([\w-]+)\/status$/.exec(
      url.pathname,
    );
  if (mesh) return json(meshStatus(mesh[1], mesh[2]));
  if (url.pathname.endsWith('/api/auth/guest/refresh')) {
    return json(guestSession);
  }
  if (url.pathname.includes('/api/permission/authorize')) {
    return json({ items: [] });
  }
  if (url.pathname.includes('/api/catalog/')) {
    return json({ items: [], totalItems: 0, pageInfo: {} });
  }
  return json({ error: { name: 'NotFoundError', message: url.pathname } }, 404);
}

async function renderEntityPage(path: string) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Test', baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
        },
        context: 'test',
      },
    ] as any,
  };
  global.fetch = jest.fn(fakeBackend) as typeof fetch;
  window.localStorage.clear();
  window.history.pushState({}, '', path);
  const app = createApp({ features: [catalogPlugin, serviceMeshPlugin] });
  return render(app.createRoot());
}

describe('service mesh on entity pages', () => {
  it.each([
    ['System', '/catalog/default/system/sockshop'],
    ['Component', '/catalog/default/component/front-end'],
  ])(
    'shows the card and the tab on a %s page',
    async (_kind, path) => {
      await renderEntityPage(path);
      await userEvent.click(
        await screen.findByRole(
          'button',
          { name: 'Enter' },
          { timeout: 15_000 },
        ),
      );
      expect(
        await screen.findByRole(
          'img',
          { name: 'Configured weights of front-end: v1 80%, v2 20%' },
          { timeout: 15_000 },
        ),
      ).toBeInTheDocument();
      const tab = screen.getByRole('link', { name: 'Service mesh' });
      expect(tab).toHaveAttribute('href', `${path}/service-mesh`);

      await userEvent.click(tab);
      expect(
        await screen.findByRole('table', { name: 'Routes' }),
      ).toBeInTheDocument();
      // permissions are not enabled in this config, so the weights are editable
      expect(
        screen.getByRole('spinbutton', { name: 'Weight of v1 for front-end' }),
      ).toHaveValue(80);
    },
    30_000,
  );

  it('shows no card on a Domain page', async () => {
    entities['domain/default/shop'] = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'shop', namespace: 'default', annotations },
      spec: { owner: 'group:default/sockshop-team' },
    };
    await renderEntityPage('/catalog/default/domain/shop');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 15_000 }),
    );
    expect(
      await screen.findByRole(
        'link',
        { name: 'Overview' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    // the overview's cards have loaded
    expect(await screen.findByText('About')).toBeInTheDocument();
    expect(screen.queryByText('Service mesh')).not.toBeInTheDocument();
  }, 30_000);
});
