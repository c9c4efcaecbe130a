import { ResponseError } from '@backstage/errors';
import { MeshStatus } from '@service-mesh/plugin-service-mesh-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import {
  frontEnd,
  frontEndComponentStatus,
  manyServicesStatus,
  notInMeshStatus,
  SOCKSHOP_SERVICES,
  sockShopStatus,
  withFailedSource,
  withFindings,
  workload,
} from '../../__fixtures__/meshStatus';
import {
  frontEndComponent,
  sockShopSystem,
  user2SockShopSystem,
} from '../../__fixtures__/entities';
import {
  mockMeshApi,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityServiceMeshCard } from './EntityServiceMeshCard';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

const serviceRows = () =>
  within(screen.getByRole('table', { name: 'Services' }))
    .getAllByRole('row')
    .slice(1);

// rendering hundreds of rows takes far beyond jest's default 5 s on a busy machine
jest.setTimeout(60_000);

describe('EntityServiceMeshCard', () => {
  it('shows a loading skeleton until the first status arrives', async () => {
    const api = mockMeshApi(new Promise(() => {}));
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api,
    });
    expect(
      screen.getByRole('progressbar', { name: 'Loading the mesh status' }),
    ).toBeInTheDocument();
    expect(api.getStatus).toHaveBeenCalledWith(
      { kind: 'System', namespace: 'default', name: 'sockshop' },
      expect.anything(),
    );
  });

  it("shows the System's control plane, membership and all 13 services", async () => {
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api: mockMeshApi(sockShopStatus()),
    });
    const header = await screen.findByLabelText('Control plane and membership');
    expect(header).toHaveTextContent(
      'Control plane: basic-install in user1-istio-system (v2.5) ready',
    );
    expect(header).toHaveTextContent(
      'Namespace user1-sockshop: in the mesh (member-of label)',
    );
    expect(serviceRows()).toHaveLength(13);
    expect(
      serviceRows().map(row => row.querySelector('th')?.textContent),
    ).toEqual(SOCKSHOP_SERVICES);
    expect(
      screen.getByLabelText('Sidecar of carts: 1/1 pods with sidecar'),
    ).toBeInTheDocument();
    // front-end has two workloads (v1 and v2), one pod each
    expect(
      screen.getByLabelText('Sidecar of front-end: 2/2 pods with sidecar'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Healthy')).toHaveLength(13);
  });

  it('shows the configured weights as a bar with the observed split beside it', async () => {
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api: mockMeshApi(sockShopStatus()),
    });
    const bar = await screen.findByRole('img', {
      name: 'Configured weights of front-end: v1 80%, v2 20%',
    });
    const row = bar.closest('tr')!;
    expect(
      within(row).getByText('observed v1 79%, v2 21%'),
    ).toBeInTheDocument();
    expect(within(row).getByText('24.5 req/s')).toBeInTheDocument();
    expect(within(row).getByText('0.40% errors')).toBeInTheDocument();
    // 79/21 against 80/20 is within the backend's 10-point tolerance
    expect(
      screen.queryByRole('img', { name: /drifts/ }),
    ).not.toBeInTheDocument();
    // only routed services get a bar
    expect(
      screen.getAllByRole('img', { name: /^Configured weights/ }),
    ).toHaveLength(1);
  });

  it('flags a split that drifts from the weights, with the finding', async () => {
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api: mockMeshApi(
        sockShopStatus(frontEnd({ v1: 80, v2: 20 }, { v1: 55, v2: 45 })),
      ),
    });
    expect(
      await screen.findByRole('img', {
        name: 'Observed split of front-end drifts from the configured weights',
      }),
    ).toBeInTheDocument();
    const findings = screen.getByRole('list', { name: 'Findings' });
    expect(findings).toHaveTextContent(
      'Observed traffic to front-end (v1 55%, v2 45%) is more than 10 points off the configured weights (v1 80%, v2 20%).',
    );
    expect(within(findings).getByTitle('warning')).toBeInTheDocument();
  });

  it('lists findings with their severity, most severe first', async () => {
    const { findings: _, ...guide } = sockShopStatus(
      frontEnd({ v1: 70, v2: 20 }),
    );
    guide.services[0].workloads = [
      workload('carts', { sidecar: 'missing', podsWithSidecar: 0 }),
    ];
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api: mockMeshApi(withFindings(guide)),
    });
    const findings = await screen.findByRole('list', { name: 'Findings' });
    const items = within(findings).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(/weights that sum to 90, not 100/);
    expect(within(items[0]).getByTitle('error')).toBeInTheDocument();
    expect(items[1]).toHaveTextContent(
      /Workload carts .* has no Envoy sidecar/,
    );
    expect(within(items[1]).getByTitle('warning')).toBeInTheDocument();
    expect(
      screen.getByLabelText(
        'Sidecar of carts: missing (0/1 pods with sidecar)',
      ),
    ).toBeInTheDocument();
  });

  it('links to Kiali, Grafana and Jaeger', async () => {
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api: mockMeshApi(sockShopStatus()),
    });
    expect(
      await screen.findByRole('link', { name: /Kiali graph/ }),
    ).toHaveAttribute(
      'href',
      'https://kiali-user1-istio-system.apps.example.com/console/graph/namespaces/?namespaces=user1-sockshop',
    );
    expect(screen.getByRole('link', { name: /Grafana/ })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Jaeger/ })).toBeInTheDocument();
  });

  it("shows a Component's own service only", async () => {
    const api = mockMeshApi(frontEndComponentStatus());
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: frontEndComponent,
      api,
    });
    await screen.findByRole('table', { name: 'Services' });
    expect(serviceRows()).toHaveLength(1);
    expect(serviceRows()[0]).toHaveTextContent('front-end');
    expect(api.getStatus).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'front-end' },
      expect.anything(),
    );
  });

  it('names the source that failed and still shows the rest', async () => {
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api: mockMeshApi(
        withFailedSource(sockShopStatus(), 'kiali', 'timed out after 3000 ms'),
      ),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Kiali could not be read (timed out after 3000 ms); its data is missing below.',
    );
    expect(alert).not.toHaveTextContent('Prometheus');
    expect(serviceRows()).toHaveLength(13);
    expect(screen.getByText('observed v1 79%, v2 21%')).toBeInTheDocument();
    expect(screen.getAllByText('unknown')).toHaveLength(13);
  });

  it("says which read the portal's service account was refused, and still shows the rest", async () => {
    const status = sockShopStatus();
    // What the backend answers when `list pods` is refused: workloads without pods.
    const refused: MeshStatus = {
      ...status,
      services: status.services.map(service => ({
        ...service,
        workloads: service.workloads.map(w => ({
          ...w,
          readyPods: 0,
          podsWithSidecar: 0,
          sidecar: 'pending' as const,
        })),
      })),
      sources: {
        ...status.sources,
        kubernetes: {
          state: 'degraded',
          reason:
            "the portal's service account may not list pods in user1-sockshop",
          forbidden: [
            { verb: 'list', resource: 'pods', namespace: 'user1-sockshop' },
          ],
        },
      },
    };
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api: mockMeshApi(refused),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Kubernetes was read only in part: the portal's service account may not list pods in user1-sockshop; what those reads would show is missing below.",
    );
    expect(alert).not.toHaveTextContent('could not be read');
    expect(serviceRows()).toHaveLength(13);
  });

  it.each([
    [{ revision: 'user1' }, 'in the mesh (revision user1)'],
    [{ revision: 'default' }, 'in the mesh (istio-injection label)'],
    [
      { revision: 'user1', dataplaneMode: 'ambient' as const },
      'in the mesh (ambient)',
    ],
  ])(
    'names what OSSM 3 labels made the namespace a member: %o',
    async (labels, text) => {
      const status = sockShopStatus();
      await renderWithEntity(<EntityServiceMeshCard />, {
        entity: sockShopSystem,
        api: mockMeshApi({
          ...status,
          membership: {
            namespace: 'user1-sockshop',
            member: true,
            via: 'istio-injection-label',
            ...labels,
          },
        }),
      });
      expect(
        await screen.findByLabelText('Control plane and membership'),
      ).toHaveTextContent(`Namespace user1-sockshop: ${text}`);
    },
  );

  it('does not call a namespace outside the mesh when reading it was refused', async () => {
    const reason =
      "the portal's service account may not get namespaces user1-sockshop, nor list deployments in user1-sockshop";
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api: mockMeshApi({
        ...notInMeshStatus('user1-sockshop'),
        sources: {
          kubernetes: {
            state: 'degraded',
            reason,
            forbidden: [
              { verb: 'get', resource: 'namespaces', name: 'user1-sockshop' },
              {
                verb: 'list',
                resource: 'deployments',
                namespace: 'user1-sockshop',
              },
            ],
          },
          kiali: { state: 'not-configured' },
          prometheus: { state: 'not-configured' },
        },
      }),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(reason);
    expect(screen.queryByText(/not in a service mesh/i)).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Set up the service mesh' }),
    ).toBeNull();
  });

  it('offers the provisioning template, pre-filled for the user, outside any mesh', async () => {
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: user2SockShopSystem,
      api: mockMeshApi(notInMeshStatus('user2-sockshop')),
    });
    expect(
      await screen.findByText(
        'Namespace user2-sockshop is not in a service mesh',
      ),
    ).toBeInTheDocument();
    const button = screen.getByRole('button', {
      name: 'Set up the service mesh',
    });
    const url = new URL(button.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe(
      '/create/templates/default/sockshop-service-mesh',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      userId: 'user2',
    });
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows an error panel when the request fails', async () => {
    const api = mockMeshApi();
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotFoundError',
          message: 'entity system:default/sockshop not found',
        },
        request: {
          method: 'GET',
          url: '/entities/system/default/sockshop/status',
        },
        response: { statusCode: 404 },
      }),
      {
        status: 404,
        statusText: 'Not Found',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    error.message =
      'Loading the mesh status of system:default/sockshop failed with 404 Not Found: entity system:default/sockshop not found';
    api.getStatus.mockRejectedValue(error);
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api,
    });
    expect(
      await screen.findByText(
        'Error: Loading the mesh status of system:default/sockshop failed with 404 Not Found: entity system:default/sockshop not found',
      ),
    ).toBeInTheDocument();
    // the panel shows what the backend answered
    expect(screen.getByText('404: NotFoundError')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('refreshes while the tab is visible and not while it is hidden', async () => {
    const api = mockMeshApi(sockShopStatus());
    api.getStatus
      .mockResolvedValueOnce(sockShopStatus())
      .mockResolvedValue(sockShopStatus(frontEnd({ v1: 50, v2: 50 })));
    await renderWithEntity(<EntityServiceMeshCard pollIntervalMs={50} />, {
      entity: sockShopSystem,
      api,
    });
    expect(
      await screen.findByRole('img', {
        name: 'Configured weights of front-end: v1 50%, v2 50%',
      }),
    ).toBeInTheDocument();

    setVisibility('hidden');
    const callsWhenHidden = api.getStatus.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(api.getStatus).toHaveBeenCalledTimes(callsWhenHidden);

    setVisibility('visible');
    await waitFor(() =>
      expect(api.getStatus.mock.calls.length).toBeGreaterThan(callsWhenHidden),
    );
  });

  it('renders a namespace with 500 services', async () => {
    await renderWithEntity(<EntityServiceMeshCard />, {
      entity: sockShopSystem,
      api: mockMeshApi(manyServicesStatus(500)),
    });
    await screen.findByRole('table', { name: 'Services' });
    await waitFor(() => expect(serviceRows()).toHaveLength(500));
    expect(screen.getByText('service-499')).toBeInTheDocument();
  });
});
