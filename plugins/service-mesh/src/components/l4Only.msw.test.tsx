import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ambientSockShopStatus } from '../__fixtures__/ambientStatus';
import { sockShopSystem } from '../__fixtures__/entities';
import { sockShopRequestRates } from '../__fixtures__/requestRates';
import { sockShopTrafficGraph } from '../__fixtures__/trafficGraph';
import { ServiceMeshClient, serviceMeshApiRef } from '../api';
import {
  renderTabWithClient,
  SOCKSHOP_API,
} from '../__testUtils__/renderTabWithClient';
import { EntityServiceMeshCard } from './ServiceMeshCard';

const rowOf = (table: HTMLElement, service: string) =>
  within(table)
    .getAllByRole('row')
    .find(r => r.querySelector('th')?.textContent === service)!;

describe('a service ambient without a waypoint, through the real client', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  beforeEach(() => {
    const history = sockShopRequestRates();
    // The backend has no request rates for a service only ztunnel sees.
    const { catalogue: _, ...services } = history.services;
    server.use(
      http.get(`${SOCKSHOP_API}/status`, () =>
        HttpResponse.json(ambientSockShopStatus()),
      ),
      http.get(`${SOCKSHOP_API}/request-rates`, () =>
        HttpResponse.json({ ...history, services }),
      ),
      http.get(`${SOCKSHOP_API}/traffic-graph`, () =>
        HttpResponse.json(sockShopTrafficGraph()),
      ),
    );
  });

  it('says on the card that catalogue has L4 metrics only, with ztunnel’s figures, and carts’ request rate as usual', async () => {
    const discoveryApi = mockApis.discovery({
      baseUrl: 'http://localhost:7007',
    });
    const fetchApi = {
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, init),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [discoveryApiRef, discoveryApi],
          [fetchApiRef, fetchApi],
          [
            serviceMeshApiRef,
            new ServiceMeshClient({ discoveryApi, fetchApi }),
          ],
        ]}
      >
        <EntityProvider entity={sockShopSystem}>
          <EntityServiceMeshCard pollIntervalMs={3_600_000} />
        </EntityProvider>
      </TestApiProvider>,
    );
    await screen.findAllByText('L4 only (ambient, no waypoint)');
    const catalogue = screen
      .getAllByRole('row')
      .find(r => r.querySelector('th')?.textContent === 'catalogue')!;
    expect(
      within(catalogue).getByText('L4 only (ambient, no waypoint)'),
    ).toBeInTheDocument();
    expect(
      within(catalogue).getByText('7.25 connections/s, 18.1 KiB/s'),
    ).toBeInTheDocument();
    expect(catalogue.textContent).not.toMatch(/req\/s|no data/);
    const carts = screen
      .getAllByRole('row')
      .find(r => r.querySelector('th')?.textContent === 'carts')!;
    expect(within(carts).getByText('0.50 req/s')).toBeInTheDocument();
    expect(carts.textContent).not.toContain('L4 only');
  });

  it('shows the same in the tab’s observed traffic, with no request figures for catalogue', async () => {
    await renderTabWithClient();
    const table = await screen.findByRole('table', {
      name: 'Observed traffic',
    });
    await within(table).findAllByRole('img');
    const cells = within(rowOf(table, 'catalogue'))
      .getAllByRole('cell')
      .map(c => c.textContent);
    // Service, request rate, last 30 minutes, error ratio, p95, split, Kiali health.
    expect(cells).toEqual([
      'catalogue',
      'L4 only (ambient, no waypoint)7.25 connections/s, 18.1 KiB/s',
      'no requests at L4',
      '-',
      '-',
      '-',
      'Healthy',
    ]);
    expect(
      within(rowOf(table, 'carts')).getByRole('img', {
        name: 'Request rate of carts over the last 30 minutes: 0.20 to 0.60 req/s, now 0.50 req/s',
      }),
    ).toBeInTheDocument();
  });
});
