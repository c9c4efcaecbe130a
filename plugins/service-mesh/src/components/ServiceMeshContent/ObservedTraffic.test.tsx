import { usePermission } from '@backstage/plugin-permission-react';
import {
  MeshStatus,
  RequestRateHistory,
} from '@service-mesh/plugin-service-mesh-common';
import { screen, within } from '@testing-library/react';
import { sockShopSystem } from '../../__fixtures__/entities';
import {
  SOCKSHOP_SERVICES,
  sockShopStatus,
} from '../../__fixtures__/meshStatus';
import {
  failedRequestRates,
  notConfiguredRequestRates,
  sockShopRequestRates,
} from '../../__fixtures__/requestRates';
import {
  mockMeshApi,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityServiceMeshContent } from './EntityServiceMeshContent';
import {
  quietTrafficGraph,
  unconfiguredTrafficGraph,
} from '../../__fixtures__/trafficGraph';

// usePermission caches decisions module-wide; the traffic editor is not under test here.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));
(usePermission as jest.Mock).mockReturnValue({
  loading: false,
  allowed: false,
});

const SERVICES_WITH_TRAFFIC = [
  'carts',
  'catalogue',
  'front-end',
  'orders',
  'payment',
  'queue-master',
  'shipping',
  'user',
];

/** SockShop in a cluster without Prometheus: nothing observed. */
function withoutPrometheus(): MeshStatus {
  const status = sockShopStatus();
  return {
    ...status,
    services: status.services.map(s => ({ ...s, observed: undefined })),
    sources: { ...status.sources, prometheus: { state: 'not-configured' } },
  };
}

async function renderTab(
  requestRates?: RequestRateHistory | Promise<RequestRateHistory>,
  status: MeshStatus = sockShopStatus(),
) {
  const api = mockMeshApi(
    status,
    requestRates,
    status.sources.prometheus.state === 'not-configured'
      ? unconfiguredTrafficGraph()
      : quietTrafficGraph(),
  );
  await renderWithEntity(<EntityServiceMeshContent />, {
    entity: sockShopSystem,
    api,
  });
  const table = await screen.findByRole('table', { name: 'Observed traffic' });
  return { api, table };
}

const headers = (table: HTMLElement) =>
  within(table)
    .getAllByRole('columnheader')
    .map(h => h.textContent);

const rowOf = (table: HTMLElement, service: string) =>
  within(table)
    .getAllByRole('row')
    .find(r => r.querySelector('th')?.textContent === service)!;

describe('the request rates of the last 30 minutes in the tab', () => {
  it('draws a sparkline per service, labelled with its range and current rate', async () => {
    const { api, table } = await renderTab(sockShopRequestRates());
    await within(table).findAllByRole('img', { name: /^Request rate of / });
    expect(headers(table)).toEqual([
      'Service',
      'Request rate',
      'Last 30 minutes',
      'Error ratio',
      'p95 latency',
      'Observed split',
      'Kiali health',
    ]);
    expect(
      within(rowOf(table, 'carts')).getByRole('img', {
        name: 'Request rate of carts over the last 30 minutes: 0.20 to 0.60 req/s, now 0.50 req/s',
      }),
    ).toBeInTheDocument();
    expect(
      within(rowOf(table, 'front-end')).getByRole('img', {
        name: 'Request rate of front-end over the last 30 minutes: 22.1 to 26.9 req/s, now 24.5 req/s',
      }),
    ).toBeInTheDocument();
    expect(
      within(rowOf(table, 'orders')).getByRole('img', {
        name: /^Request rate of orders over the last 30 minutes: .*, with gaps$/,
      }),
    ).toBeInTheDocument();
    for (const service of SERVICES_WITH_TRAFFIC) {
      expect(
        within(rowOf(table, service)).getAllByRole('img', {
          name: new RegExp(`^Request rate of ${service} over the last 30`),
        }),
      ).toHaveLength(1);
    }
    expect(api.getRequestRates).toHaveBeenCalledWith(
      { kind: 'System', namespace: 'default', name: 'sockshop' },
      { minutes: 30, signal: expect.any(AbortSignal) },
    );
    expect(screen.queryByText(/request-rate history/)).not.toBeInTheDocument();
  });

  it('says "no traffic" for a service Prometheus has no points for', async () => {
    const { table } = await renderTab(sockShopRequestRates());
    await within(table).findAllByRole('img', { name: /^Request rate of / });
    const quiet = SOCKSHOP_SERVICES.filter(
      s => !SERVICES_WITH_TRAFFIC.includes(s),
    );
    expect(quiet).toEqual([
      'carts-db',
      'catalogue-db',
      'orders-db',
      'rabbitmq',
      'user-db',
    ]);
    for (const service of quiet) {
      const cells = within(rowOf(table, service)).getAllByRole('cell');
      // the service, its current rate, then the last 30 minutes
      expect(cells[2]).toHaveTextContent(/^no traffic$/);
      expect(within(cells[2]).queryByRole('img')).not.toBeInTheDocument();
    }
  });

  it('keeps the columns while the history loads', async () => {
    let answer: (history: RequestRateHistory) => void = () => {};
    const { table } = await renderTab(
      new Promise<RequestRateHistory>(resolve => (answer = resolve)),
    );
    expect(table).toHaveAttribute('aria-busy', 'true');
    expect(headers(table)).toContain('Last 30 minutes');
    // every row keeps its seven cells; the figures already show
    const carts = rowOf(table, 'carts');
    expect(carts.children).toHaveLength(7);
    expect(carts).toHaveTextContent('0.50 req/s');
    expect(within(carts).queryByRole('img')).not.toBeInTheDocument();

    answer(sockShopRequestRates());
    expect(
      await within(table).findByRole('img', {
        name: /^Request rate of carts over the last 30 minutes/,
      }),
    ).toBeInTheDocument();
    expect(table).toHaveAttribute('aria-busy', 'false');
  });

  it('shows no column and asks nothing when the cluster has no Prometheus', async () => {
    const { api, table } = await renderTab(
      notConfiguredRequestRates(),
      withoutPrometheus(),
    );
    expect(headers(table)).not.toContain('Last 30 minutes');
    expect(rowOf(table, 'carts').children).toHaveLength(6);
    expect(api.getRequestRates).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('drops the column when the history says Prometheus is not configured', async () => {
    const { api, table } = await renderTab(notConfiguredRequestRates());
    await screen.findByRole('table', { name: 'Observed traffic' });
    expect(api.getRequestRates).toHaveBeenCalled();
    await within(table).findByRole('columnheader', { name: 'Request rate' });
    expect(
      within(table).queryByRole('columnheader', { name: 'Last 30 minutes' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/request-rate history/)).not.toBeInTheDocument();
  });

  it('names a failed history request and still shows the rest of the tab', async () => {
    const { table } = await renderTab(
      Promise.reject(
        new Error(
          'Loading the request rates of system:default/sockshop failed with 403 Forbidden: you may not read system:default/sockshop',
        ),
      ),
    );
    expect(
      await screen.findByText(
        'The request-rate history could not be loaded (Loading the request rates of system:default/sockshop failed with 403 Forbidden: you may not read system:default/sockshop); the other figures are shown without it.',
      ),
    ).toBeInTheDocument();
    expect(headers(table)).not.toContain('Last 30 minutes');
    expect(
      within(rowOf(table, 'front-end'))
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'front-end',
      '24.5 req/s',
      '0.40% errors',
      '48 ms',
      'v1 79%, v2 21%',
      'Healthy',
    ]);
    expect(
      screen.getByRole('table', { name: 'Workloads' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Routes' })).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Traffic of front-end' }),
    ).toBeInTheDocument();
  });

  it('names Prometheus and its reason when it failed for the history', async () => {
    const { table } = await renderTab(
      failedRequestRates('query_range answered 503 Service Unavailable'),
    );
    expect(
      await screen.findByText(
        'Prometheus could not be read for the request-rate history (query_range answered 503 Service Unavailable); the other figures are shown without it.',
      ),
    ).toBeInTheDocument();
    expect(headers(table)).not.toContain('Last 30 minutes');
    expect(rowOf(table, 'carts')).toHaveTextContent('0.50 req/s');
    expect(
      screen.getByRole('table', { name: 'Workloads' }),
    ).toBeInTheDocument();
  });
});
