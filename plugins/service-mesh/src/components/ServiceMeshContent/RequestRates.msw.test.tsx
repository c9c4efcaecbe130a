import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  renderTabWithClient,
  SOCKSHOP_API,
} from '../../__testUtils__/renderTabWithClient';
import { sockShopStatus } from '../../__fixtures__/meshStatus';
import { sockShopRequestRates } from '../../__fixtures__/requestRates';
import { sockShopTrafficGraph } from '../../__fixtures__/trafficGraph';

const base = SOCKSHOP_API;

async function renderTab() {
  await renderTabWithClient();
  return screen.findByRole('table', { name: 'Observed traffic' });
}

describe('request rates through the real client', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  // the tab draws the traffic graph too
  beforeEach(() =>
    server.use(
      http.get(`${base}/traffic-graph`, () =>
        HttpResponse.json(sockShopTrafficGraph()),
      ),
    ),
  );

  it('asks for 30 minutes and draws what the backend answers', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${base}/status`, () => HttpResponse.json(sockShopStatus())),
      http.get(`${base}/request-rates`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json(sockShopRequestRates());
      }),
    );
    const table = await renderTab();
    expect(
      await within(table).findByRole('img', {
        name: 'Request rate of carts over the last 30 minutes: 0.20 to 0.60 req/s, now 0.50 req/s',
      }),
    ).toBeInTheDocument();
    expect(asked).toEqual(['?minutes=30']);
  });

  it("shows the backend's refusal and the rest of the tab", async () => {
    server.use(
      http.get(`${base}/status`, () => HttpResponse.json(sockShopStatus())),
      http.get(`${base}/request-rates`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'you may not read system:default/sockshop',
            },
            request: {
              method: 'GET',
              url: '/entities/system/default/sockshop/request-rates',
            },
            response: { statusCode: 403 },
          },
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
    );
    const table = await renderTab();
    expect(
      await screen.findByText(
        /^The request-rate history could not be loaded \(Loading the request rates of system:default\/sockshop failed with 403 Forbidden: you may not read system:default\/sockshop\)/,
      ),
    ).toBeInTheDocument();
    expect(
      within(table).queryByRole('columnheader', { name: 'Last 30 minutes' }),
    ).not.toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(14);
    expect(
      screen.getByRole('table', { name: 'Workloads' }),
    ).toBeInTheDocument();
  });
});
