import { registerMswTestHooks } from '@backstage/test-utils';
import { TrafficGraphWindow } from '@service-mesh/plugin-service-mesh-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  renderTabWithClient,
  SOCKSHOP_API,
} from '../../__testUtils__/renderTabWithClient';
import { sockShopStatus } from '../../__fixtures__/meshStatus';
import { sockShopRequestRates } from '../../__fixtures__/requestRates';
import { sockShopTrafficGraph } from '../../__fixtures__/trafficGraph';

// DependencyGraph lays the graph out twice and shows it after 500 ms; the whole tab renders too.
jest.setTimeout(30_000);

const base = SOCKSHOP_API;
const renderTab = renderTabWithClient;

describe('the traffic graph on the tab, through the real client', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  beforeEach(() =>
    server.use(
      http.get(`${base}/status`, () => HttpResponse.json(sockShopStatus())),
      http.get(`${base}/request-rates`, () =>
        HttpResponse.json(sockShopRequestRates()),
      ),
    ),
  );

  it("draws the backend's graph for the window the user picks", async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${base}/traffic-graph`, ({ request }) => {
        const window = new URL(request.url).searchParams.get('window');
        asked.push(window!);
        return HttpResponse.json(
          sockShopTrafficGraph({ window: window as TrafficGraphWindow }),
        );
      }),
    );
    await renderTab();
    const graph = await screen.findByRole(
      'group',
      { name: 'Traffic graph of user1-sockshop over the last 5m' },
      { timeout: 30_000 },
    );
    expect(
      within(graph).getByRole('img', {
        name: /^istio-ingressgateway to front-end v2: 20\.1% of/,
      }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Last minute' }));
    expect(
      await screen.findByRole(
        'group',
        { name: 'Traffic graph of user1-sockshop over the last 1m' },
        { timeout: 30_000 },
      ),
    ).toBeInTheDocument();
    expect(asked).toEqual(['5m', '1m']);
  });

  it("shows the backend's refusal in the graph's card and the rest of the tab", async () => {
    server.use(
      http.get(`${base}/traffic-graph`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'you may not read the traffic graph of system:default/sockshop',
            },
            request: {
              method: 'GET',
              url: '/entities/system/default/sockshop/traffic-graph',
            },
            response: { statusCode: 403 },
          },
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
    );
    await renderTab();
    expect(
      await screen.findByText(
        'The traffic graph could not be loaded: Loading the traffic graph of system:default/sockshop failed with 403 Forbidden: you may not read the traffic graph of system:default/sockshop',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Workloads' }),
    ).toBeInTheDocument();
  });
});
