import { recordedPrometheusAnswers } from '@service-mesh/plugin-service-mesh-common/testUtils';
import { TrafficGraph } from '@service-mesh/plugin-service-mesh-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sockShopSystem } from '../../../__fixtures__/entities';
import {
  quietTrafficGraph,
  sockShopTrafficGraph,
  unconfiguredTrafficGraph,
} from '../../../__fixtures__/trafficGraph';
import {
  mockMeshApi,
  renderWithEntity,
} from '../../../__testUtils__/renderWithEntity';
import { TrafficGraphCard } from './TrafficGraphCard';

// DependencyGraph lays the graph out twice and shows it after 500 ms.
jest.setTimeout(30_000);

async function renderCard(graph: TrafficGraph | Promise<TrafficGraph>) {
  const api = mockMeshApi(undefined, undefined, graph);
  await renderWithEntity(<TrafficGraphCard entity={sockShopSystem} />, {
    entity: sockShopSystem,
    api,
  });
  return api;
}

/** The drawn graph: shown once DependencyGraph has laid it out. */
const findDiagram = () =>
  screen.findByRole(
    'group',
    { name: 'Traffic graph of user1-sockshop over the last 5m' },
    { timeout: 30_000 },
  );

describe('TrafficGraphCard', () => {
  it("draws the gateway's 80/20 to front-end's two versions, with their labels", async () => {
    await renderCard(sockShopTrafficGraph());
    const diagram = await findDiagram();
    expect(
      within(diagram).getByRole('img', {
        name: "istio-ingressgateway to front-end v1: 79.9% of istio-ingressgateway's requests, 2.04 req/s, no errors, mutual TLS",
      }),
    ).toBeInTheDocument();
    expect(
      within(diagram).getByRole('img', {
        name: "istio-ingressgateway to front-end v2: 20.1% of istio-ingressgateway's requests, 0.51 req/s, no errors, mutual TLS",
      }),
    ).toBeInTheDocument();
    // what the edge's label reads
    expect(within(diagram).getByText('80% · 2.04 req/s')).toBeInTheDocument();
    expect(within(diagram).getByText('20% · 0.51 req/s')).toBeInTheDocument();
    expect(
      within(diagram).getByRole('img', {
        name: 'istio-ingressgateway (ingress gateway): no requests received',
      }),
    ).toBeInTheDocument();
    expect(
      within(diagram).getByRole('img', {
        name: 'front-end v2 (workload front-end-v2): healthy, receives 0.51 req/s',
      }),
    ).toBeInTheDocument();
    expect(within(diagram).getAllByRole('img')).toHaveLength(15 + 20);
    expect(screen.getByText(/^Requests as Prometheus saw them/)).toBeVisible();
  });

  it('lists the same edges in a table', async () => {
    await renderCard(sockShopTrafficGraph());
    const table = await screen.findByRole('table', { name: 'Traffic edges' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(20);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent);
    // where the requests enter first
    expect(rows.slice(0, 2).map(row => cells(row).slice(0, 7))).toEqual([
      [
        'istio-ingressgateway (ingress gateway)',
        'front-end v1',
        '79.9%',
        '2.04 req/s',
        '0.0% errors',
        '200: 2.04 req/s',
        'mutual TLS',
      ],
      [
        'istio-ingressgateway (ingress gateway)',
        'front-end v2 (workload front-end-v2)',
        '20.1%',
        '0.51 req/s',
        '0.0% errors',
        '200: 0.51 req/s',
        'mutual TLS',
      ],
    ]);
    expect(cells(rows[2])[0]).toBe('carts v1');
  });

  it('marks the open circuit breaker and the failing destination', async () => {
    await renderCard(
      sockShopTrafficGraph({
        answer: recordedPrometheusAnswers.circuitBreakerOpened,
      }),
    );
    const diagram = await findDiagram();
    const toCarts = within(diagram).getByRole('img', {
      name: /^front-end v1 to carts v1: /,
    });
    expect(toCarts).toHaveAccessibleName(
      "front-end v1 to carts v1: 26.8% of front-end v1's requests, 5.00 req/s, 42.2% errors, mutual TLS, circuit breaker open",
    );
    expect(
      within(toCarts).getByText('42.2% errors · mTLS · circuit breaker open'),
    ).toBeInTheDocument();
    expect(
      within(diagram).getByRole('img', {
        name: /^front-end v1 to catalogue v1: /,
      }),
    ).toHaveAccessibleName(/: 51\.6% of .*, 59\.3% errors, mutual TLS$/);
    const table = screen.getByRole('table', { name: 'Traffic edges' });
    const row = within(table)
      .getAllByRole('row')
      .find(r => r.textContent?.startsWith('front-end v1carts v1'))!;
    expect(row).toHaveTextContent('200: 2.89 req/s, 503 UH: 2.11 req/s');
    expect(row).toHaveTextContent('open (UO/UH)');
    expect(row).toHaveTextContent('Failure');
  });

  it('asks for the window the user picks', async () => {
    const api = await renderCard(sockShopTrafficGraph());
    await findDiagram();
    const last5 = screen.getByRole('button', { name: 'Last 5 minutes' });
    expect(last5).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(
      screen.getByRole('button', { name: 'Last 30 minutes' }),
    );
    await waitFor(() =>
      expect(api.getTrafficGraph).toHaveBeenLastCalledWith(
        { kind: 'System', namespace: 'default', name: 'sockshop' },
        { window: '30m', signal: expect.any(AbortSignal) },
      ),
    );
    expect(
      screen.getByRole('button', { name: 'Last 30 minutes' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(api.getTrafficGraph.mock.calls.map(([, o]) => o?.window)).toEqual([
      '5m',
      '30m',
    ]);
  });

  describe('says what is missing', () => {
    it('no traffic yet', async () => {
      await renderCard(quietTrafficGraph());
      expect(
        await screen.findByText('No traffic in the last 5 minutes yet'),
      ).toBeInTheDocument();
      expect(screen.queryByRole('table')).not.toBeInTheDocument();
    });

    it('Prometheus not configured', async () => {
      await renderCard(unconfiguredTrafficGraph());
      expect(
        await screen.findByText(
          'Prometheus is not configured for cluster local',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/Set serviceMesh\.clusters\[\]\.prometheus\.url/),
      ).toBeInTheDocument();
    });

    it('not in a mesh', async () => {
      await renderCard({
        ...sockShopTrafficGraph({
          membership: {
            namespace: 'user1-sockshop',
            member: false,
            via: 'none',
          },
        }),
        nodes: [],
        edges: [],
      });
      expect(
        await screen.findByText(
          'Namespace user1-sockshop is not in a service mesh',
        ),
      ).toBeInTheDocument();
    });

    it('the reasons when every source failed', async () => {
      await renderCard({
        ...sockShopTrafficGraph({
          source: 'none',
          sources: {
            kubernetes: { state: 'ok' },
            kiali: {
              state: 'error',
              reason: 'Kiali answered HTTP 503 for /api/namespaces/graph',
            },
            prometheus: {
              state: 'error',
              reason: 'Prometheus answered HTTP 400: bad_data parse error',
            },
          },
        }),
        nodes: [],
        edges: [],
      });
      expect(await screen.findByRole('alert')).toHaveTextContent(
        "Kiali's graph could not be read (Kiali answered HTTP 503 for /api/namespaces/graph). Prometheus could not be read (Prometheus answered HTTP 400: bad_data parse error). The traffic graph cannot be drawn.",
      );
    });

    it('that Kiali failed when Prometheus drew the graph', async () => {
      await renderCard(
        sockShopTrafficGraph({
          sources: {
            kubernetes: { state: 'ok' },
            kiali: { state: 'error', reason: 'Kiali answered HTTP 500' },
            prometheus: { state: 'ok' },
          },
        }),
      );
      expect(
        await screen.findByText(
          "Kiali's graph could not be read (Kiali answered HTTP 500); this graph comes from Prometheus.",
        ),
      ).toBeInTheDocument();
      expect(await findDiagram()).toBeInTheDocument();
    });

    it('the request that failed', async () => {
      await renderCard(
        Promise.reject(
          new Error('Loading the traffic graph failed with 403 Forbidden'),
        ),
      );
      expect(await screen.findByRole('alert')).toHaveTextContent(
        'The traffic graph could not be loaded: Loading the traffic graph failed with 403 Forbidden',
      );
    });
  });
});
