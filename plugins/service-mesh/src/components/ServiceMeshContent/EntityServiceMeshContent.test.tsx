import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  serviceMeshTrafficUpdatePermission,
  workloadHealthFromRequests,
} from '@service-mesh/plugin-service-mesh-common';
import {
  frontEnd,
  frontEndComponentStatus,
  sockShopStatus,
} from '../../__fixtures__/meshStatus';
import { frontEndComponent, sockShopSystem } from '../../__fixtures__/entities';
import { sockShopRequestRates } from '../../__fixtures__/requestRates';
import { quietTrafficGraph } from '../../__fixtures__/trafficGraph';
import {
  mockMeshApi,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityServiceMeshContent } from './EntityServiceMeshContent';

const weightInput = (subset: string) =>
  screen.getByRole('spinbutton', { name: `Weight of ${subset} for front-end` });

const findWeightInputs = () =>
  screen.findByRole('spinbutton', { name: 'Weight of v1 for front-end' });

// usePermission caches decisions in a module-wide SWR cache, which would leak
// between tests; the decision is mocked and the request it gets is checked.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));
const usePermissionMock = usePermission as jest.MockedFunction<
  typeof usePermission
>;

async function renderContent(allowed: boolean) {
  usePermissionMock.mockReturnValue({ loading: false, allowed });
  const api = mockMeshApi(
    sockShopStatus(),
    sockShopRequestRates(),
    // the graph has tests of its own; drawing it would only slow these down
    quietTrafficGraph(),
  );
  await renderWithEntity(<EntityServiceMeshContent />, {
    entity: sockShopSystem,
    api,
  });
  await screen.findByRole('table', { name: 'Workloads' });
  return api;
}

// rendering hundreds of rows takes far beyond jest's default 5 s on a busy machine
jest.setTimeout(60_000);

describe('EntityServiceMeshContent', () => {
  it('shows each workload’s Kiali health, its pods deciding when they are short', async () => {
    usePermissionMock.mockReturnValue({ loading: false, allowed: false });
    const degradedV2 = workloadHealthFromRequests(
      {
        workloadStatus: {
          desiredReplicas: 2,
          currentReplicas: 2,
          availableReplicas: 1,
          syncedProxies: 1,
        },
        requests: { inbound: { http: { '200': 5 } }, outbound: {} },
      },
      { namespace: 'user1-sockshop', name: 'front-end-v2' },
    );
    const service = frontEnd();
    service.workloads[1] = { ...service.workloads[1], health: degradedV2 };
    await renderWithEntity(<EntityServiceMeshContent />, {
      entity: frontEndComponent,
      api: mockMeshApi(frontEndComponentStatus(service)),
    });
    const table = await screen.findByRole('table', { name: 'Workloads' });
    const v2 = within(table)
      .getAllByRole('row')
      .find(row => row.querySelector('th')?.textContent === 'front-end-v2')!;
    expect(within(v2).getByText('Degraded')).toBeInTheDocument();
    await userEvent.hover(within(v2).getByText('Degraded'));
    expect((await screen.findByRole('tooltip')).textContent).toContain(
      'pods: 1 of 2 pods available',
    );
  });

  it('lists every workload with pods, sidecar, proxy version and labels', async () => {
    await renderContent(false);
    const rows = within(screen.getByRole('table', { name: 'Workloads' }))
      .getAllByRole('row')
      .slice(1);
    // 13 services, front-end with two workloads
    expect(rows).toHaveLength(14);
    const v2 = rows.find(
      row => row.querySelector('th')?.textContent === 'front-end-v2',
    )!;
    expect(v2).toHaveTextContent('front-end');
    expect(v2).toHaveTextContent('1/1');
    expect(v2).toHaveTextContent('2.5.2');
    expect(within(v2).getByText('version=v2')).toBeInTheDocument();
    expect(
      within(v2).getByLabelText(
        'Sidecar of front-end-v2: 1/1 pods with sidecar',
      ),
    ).toBeInTheDocument();
  });

  it('shows routes with their destinations', async () => {
    await renderContent(false);
    const rows = within(screen.getByRole('table', { name: 'Routes' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('front-end-virtualservice');
    expect(rows[0]).toHaveTextContent('via sockshop-wildcard-gateway');
    expect(rows[0]).toHaveTextContent(
      'front-end.user1-sockshop.svc.cluster.local:80',
    );
    expect(rows[0]).toHaveTextContent('80%');
    expect(rows[1]).toHaveTextContent('20%');
    expect(
      within(rows[1])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'front-end',
      'VirtualService',
      'front-end-virtualservice',
      'front-end-user1-sockshop.apps.example.comvia sockshop-wildcard-gateway',
      'front-end.user1-sockshop.svc.cluster.local:80',
      'v2',
      'v2',
      '20%',
      '1',
    ]);
  });

  it("shows carts' circuit breaker settings", async () => {
    await renderContent(false);
    const breaker = screen.getByRole('group', {
      name: 'Circuit breaker of carts',
    });
    expect(breaker).toHaveTextContent('carts (DestinationRule carts)');
    const settings = within(breaker)
      .getAllByRole('row')
      .map(row => Array.from(row.children).map(cell => cell.textContent));
    expect(settings).toEqual([
      ['outlierDetection.consecutive5xxErrors', '1'],
      ['outlierDetection.interval', '1s'],
      ['outlierDetection.baseEjectionTime', '3m'],
      ['outlierDetection.maxEjectionPercent', '100'],
      ['connectionPool.tcp.maxConnections', '1'],
      ['connectionPool.http.http1MaxPendingRequests', '1'],
      ['connectionPool.http.maxRequestsPerConnection', '1'],
    ]);
  });

  it('shows the observed figures per service', async () => {
    await renderContent(false);
    const table = screen.getByRole('table', { name: 'Observed traffic' });
    await within(table).findAllByRole('img', { name: /^Request rate of / });
    const row = within(table)
      .getAllByRole('row')
      .find(r => r.querySelector('th')?.textContent === 'front-end')!;
    expect(
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'front-end',
      '24.5 req/s',
      // the sparkline's title
      'Request rate of front-end over the last 30 minutes: 22.1 to 26.9 req/s, now 24.5 req/s',
      '0.40% errors',
      '48 ms',
      'v1 79%, v2 21%',
      'Healthy',
    ]);
  });

  it('asks for the traffic update permission on the entity', async () => {
    await renderContent(false);
    expect(usePermissionMock).toHaveBeenCalledWith({
      permission: serviceMeshTrafficUpdatePermission,
      resourceRef: 'system:default/sockshop',
    });
  });

  it('shows read-only weights without the permission', async () => {
    await renderContent(false);
    const traffic = await screen.findByRole('group', {
      name: 'Traffic of front-end',
    });
    expect(traffic).toHaveTextContent('Weights: v1 80%, v2 20%');
    expect(screen.queryByRole('spinbutton')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Apply weights' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/You may not change the traffic of this entity/),
    ).toBeInTheDocument();
  });

  it('shows weight inputs with the permission', async () => {
    await renderContent(true);
    expect(await findWeightInputs()).toHaveValue(80);
    expect(weightInput('v2')).toHaveValue(20);
    // unchanged weights: nothing to apply
    expect(
      screen.getByRole('button', { name: 'Apply weights' }),
    ).toBeDisabled();
  });

  it('disables submit with a message while the weights do not sum to 100', async () => {
    await renderContent(true);
    await findWeightInputs();
    await userEvent.clear(weightInput('v1'));
    await userEvent.type(weightInput('v1'), '60');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Weights must sum to 100, got 80.',
    );
    expect(
      screen.getByRole('button', { name: 'Apply weights' }),
    ).toBeDisabled();
    await userEvent.clear(weightInput('v2'));
    await userEvent.type(weightInput('v2'), '40');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply weights' })).toBeEnabled();
  });

  it('rejects a weight that is not a whole number', async () => {
    await renderContent(true);
    await findWeightInputs();
    await userEvent.clear(weightInput('v1'));
    await userEvent.type(weightInput('v1'), '79.5');
    expect(
      screen.getByText('must be a whole number from 0 to 100, got 79.5'),
    ).toBeInTheDocument();
    expect(weightInput('v1')).toHaveAttribute('aria-invalid', 'true');
    expect(
      screen.getByRole('button', { name: 'Apply weights' }),
    ).toBeDisabled();
  });

  it('confirms, posts the new weights and shows the status it gets back', async () => {
    const api = await renderContent(true);
    api.shiftTraffic.mockResolvedValue(
      sockShopStatus(frontEnd({ v1: 50, v2: 50 })),
    );
    await findWeightInputs();
    await userEvent.clear(weightInput('v1'));
    await userEvent.type(weightInput('v1'), '50');
    await userEvent.clear(weightInput('v2'));
    await userEvent.type(weightInput('v2'), '50');
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply weights' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Shift traffic of front-end?',
    });
    expect(dialog).toHaveTextContent(
      'changes from v1 80%, v2 20% to v1 50%, v2 50%',
    );
    expect(api.shiftTraffic).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Apply' }),
    );

    expect(api.shiftTraffic).toHaveBeenCalledTimes(1);
    expect(api.shiftTraffic).toHaveBeenCalledWith(
      { kind: 'System', namespace: 'default', name: 'sockshop' },
      { service: 'front-end', weights: { v1: 50, v2: 50 } },
    );
    expect(
      await screen.findByText(
        'Traffic of front-end shifted to v1 50%, v2 50%.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'Configured weights of front-end: v1 50%, v2 50%',
      }),
    ).toBeInTheDocument();
    expect(weightInput('v1')).toHaveValue(50);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('keeps the weights and shows why when the change is refused', async () => {
    const api = await renderContent(true);
    api.shiftTraffic.mockRejectedValue(
      new Error(
        'Shifting the traffic of front-end in system:default/sockshop failed with 403 Forbidden: you may not change the traffic of system:default/sockshop',
      ),
    );
    await findWeightInputs();
    await userEvent.clear(weightInput('v1'));
    await userEvent.type(weightInput('v1'), '30');
    await userEvent.clear(weightInput('v2'));
    await userEvent.type(weightInput('v2'), '70');
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply weights' }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Apply',
      }),
    );
    expect(
      await screen.findByText(/403 Forbidden: you may not change/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('img', {
        name: 'Configured weights of front-end: v1 80%, v2 20%',
      }),
    ).toBeInTheDocument();
    expect(weightInput('v1')).toHaveValue(30);
  });
});
