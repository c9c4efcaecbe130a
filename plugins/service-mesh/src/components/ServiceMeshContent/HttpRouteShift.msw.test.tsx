import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  renderTabWithClient,
  SOCKSHOP_API,
} from '../../__testUtils__/renderTabWithClient';
import { frontEndByHttpRoute } from '../../__fixtures__/httpRouteStatus';
import { sockShopStatus } from '../../__fixtures__/meshStatus';
import { sockShopRequestRates } from '../../__fixtures__/requestRates';
import { sockShopTrafficGraph } from '../../__fixtures__/trafficGraph';

jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(() => ({ loading: false, allowed: true })),
}));

const base = SOCKSHOP_API;

describe('the tab with a service an HTTPRoute routes', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows the HTTPRoute weights, shifts them by backend Service and shows the answer', async () => {
    const posted: unknown[] = [];
    let current = sockShopStatus(frontEndByHttpRoute());
    server.use(
      http.get(`${base}/status`, () => HttpResponse.json(current)),
      http.get(`${base}/request-rates`, () =>
        HttpResponse.json(sockShopRequestRates()),
      ),
      http.get(`${base}/traffic-graph`, () =>
        HttpResponse.json(sockShopTrafficGraph()),
      ),
      http.post(`${base}/traffic`, async ({ request }) => {
        posted.push(await request.json());
        current = sockShopStatus(frontEndByHttpRoute({ v1: 50, v2: 50 }));
        return HttpResponse.json(current);
      }),
    );
    await renderTabWithClient();

    const traffic = within(
      await screen.findByRole('group', { name: 'Traffic of front-end' }),
    );
    expect(traffic.getByText('HTTPRoute front-end-route')).toBeInTheDocument();
    expect(
      traffic.getByRole('img', {
        name: 'Configured weights of front-end: v1 80%, v2 20%',
      }),
    ).toBeInTheDocument();
    const routes = within(screen.getByRole('table', { name: 'Routes' }));
    expect(routes.getAllByText('HTTPRoute')).toHaveLength(2);
    expect(routes.getAllByText('front-end-route (rule 0)')).toHaveLength(2);
    expect(routes.getByText('front-end-v1:80')).toBeInTheDocument();
    expect(routes.getAllByText('via Service front-end:80')).toHaveLength(2);

    const v1 = traffic.getByRole('spinbutton', {
      name: 'Weight of front-end-v1 for front-end',
    });
    const v2 = traffic.getByRole('spinbutton', {
      name: 'Weight of front-end-v2 for front-end',
    });
    await userEvent.clear(v1);
    await userEvent.type(v1, '50');
    await userEvent.clear(v2);
    await userEvent.type(v2, '50');
    await userEvent.click(
      traffic.getByRole('button', { name: 'Apply weights' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByText(/The HTTPRoute route of front-end changes/),
    ).toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Apply' }));

    expect(
      await screen.findByRole('img', {
        name: 'Configured weights of front-end: v1 50%, v2 50%',
      }),
    ).toBeInTheDocument();
    expect(posted).toEqual([
      {
        service: 'front-end',
        weights: { 'front-end-v1': 50, 'front-end-v2': 50 },
      },
    ]);
    expect(
      within(screen.getByRole('table', { name: 'Routes' })).getAllByText('50%'),
    ).toHaveLength(2);
  });
});
