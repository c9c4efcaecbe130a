import { usePermission } from '@backstage/plugin-permission-react';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  renderTabWithClient,
  SOCKSHOP_API,
} from '../../__testUtils__/renderTabWithClient';
import { frontEnd, sockShopStatus } from '../../__fixtures__/meshStatus';
import { sockShopRequestRates } from '../../__fixtures__/requestRates';
import { sockShopTrafficGraph } from '../../__fixtures__/trafficGraph';

jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(() => ({ loading: false, allowed: true })),
}));

const base = SOCKSHOP_API;

describe('traffic shifting through the real client', () => {
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

  it('posts exactly {service, weights} and shows the weights the backend answers', async () => {
    const posted: unknown[] = [];
    let current = sockShopStatus();
    server.use(
      http.get(`${base}/status`, () => HttpResponse.json(current)),
      http.get(`${base}/request-rates`, () =>
        HttpResponse.json(sockShopRequestRates()),
      ),
      http.post(`${base}/traffic`, async ({ request }) => {
        posted.push(await request.json());
        current = sockShopStatus(
          frontEnd({ v1: 50, v2: 50 }, { v1: 79, v2: 21 }),
        );
        return HttpResponse.json(current);
      }),
    );
    await renderTabWithClient();
    const v1 = await screen.findByRole('spinbutton', {
      name: 'Weight of v1 for front-end',
    });
    const v2 = screen.getByRole('spinbutton', {
      name: 'Weight of v2 for front-end',
    });
    await userEvent.clear(v1);
    await userEvent.type(v1, '50');
    await userEvent.clear(v2);
    await userEvent.type(v2, '50');
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply weights' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Apply' }),
    );

    expect(
      await screen.findByRole('img', {
        name: 'Configured weights of front-end: v1 50%, v2 50%',
      }),
    ).toBeInTheDocument();
    expect(posted).toEqual([
      { service: 'front-end', weights: { v1: 50, v2: 50 } },
    ]);
    expect(usePermission).toHaveBeenCalled();
    // the routes table follows the answer too
    const routes = within(screen.getByRole('table', { name: 'Routes' }));
    expect(routes.getAllByText('50%')).toHaveLength(2);
  });
});
