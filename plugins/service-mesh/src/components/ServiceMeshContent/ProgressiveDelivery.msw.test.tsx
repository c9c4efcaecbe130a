import { usePermission } from '@backstage/plugin-permission-react';
import { registerMswTestHooks } from '@backstage/test-utils';
import { MeshStatus } from '@service-mesh/plugin-service-mesh-common';
import { screen, waitFor, within } from '@testing-library/react';
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
import {
  frontEndDeliveredBy,
  frontEndPlan,
  frontEndTimeline,
  frontEndWithRollout,
} from '../../__fixtures__/rollouts';
import { sockShopTrafficGraph } from '../../__fixtures__/trafficGraph';

jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(() => ({ loading: false, allowed: true })),
}));

// the whole tab renders per test, on a busy machine
jest.setTimeout(60_000);

const base = SOCKSHOP_API;

interface Posted {
  path: string;
  body: unknown;
}

describe('progressive delivery through the real client', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  afterEach(() =>
    jest
      .mocked(usePermission)
      .mockImplementation(() => ({ loading: false, allowed: true })),
  );

  /** A backend answering `initial` until a POST answers `after` (or fails as `failure`). */
  function backend(
    initial: MeshStatus,
    after?: MeshStatus,
    failure?: { status: number; name: string; message: string },
  ) {
    const posted: Posted[] = [];
    let current = initial;
    server.use(
      http.get(`${base}/status`, () => HttpResponse.json(current)),
      http.get(`${base}/request-rates`, () =>
        HttpResponse.json(sockShopRequestRates()),
      ),
      http.get(`${base}/traffic-graph`, () =>
        HttpResponse.json(sockShopTrafficGraph()),
      ),
      http.post(`${base}/rollouts*`, async ({ request }) => {
        posted.push({
          path: new URL(request.url).pathname.replace(
            '/api/service-mesh/entities/system/default/sockshop/',
            '',
          ),
          body: await request.json(),
        });
        if (failure) {
          return HttpResponse.json(
            {
              error: { name: failure.name, message: failure.message },
              request: { method: 'POST', url: request.url },
              response: { statusCode: failure.status },
            },
            { status: failure.status },
          );
        }
        current = after ?? current;
        return HttpResponse.json(current, {
          status: posted.length === 1 ? 201 : 200,
        });
      }),
    );
    return posted;
  }

  const section = async () =>
    within(
      await screen.findByRole('group', {
        name: 'Progressive delivery of front-end',
      }),
    );

  it('starts a rollout with the default plan and shows the rollout the backend answers', async () => {
    const posted = backend(
      sockShopStatus(),
      sockShopStatus(frontEndWithRollout()),
    );
    await renderTabWithClient();
    const delivery = await section();
    const start = delivery.getByRole('button', { name: 'Start rollout' });
    expect(start).toBeEnabled();
    await userEvent.click(start);

    expect(
      await delivery.findByText('v1 → v2: step 2 of 4 at 25 %'),
    ).toBeInTheDocument();
    expect(posted).toEqual([
      { path: 'rollouts', body: { plan: frontEndPlan } },
    ]);
    expect(
      delivery.getByLabelText('Rollout of front-end: progressing'),
    ).toBeInTheDocument();
    expect(
      delivery.getByText(
        /^steps 10 %, 25 %, 50 %, 100 %; 1m checks, 60 s bake/,
      ),
    ).toBeInTheDocument();
    // an active rollout leaves no room for another
    expect(
      delivery.queryByRole('button', { name: 'Start rollout' }),
    ).not.toBeInTheDocument();
    // the route's weights follow the answer too
    expect(
      screen.getByRole('img', {
        name: 'Configured weights of front-end: v1 75%, v2 25%',
      }),
    ).toBeInTheDocument();
  });

  it('sends the plan as typed, the canary chosen from the subsets', async () => {
    const posted = backend(
      sockShopStatus(),
      sockShopStatus(frontEndWithRollout()),
    );
    await renderTabWithClient();
    const delivery = await section();
    const steps = delivery.getByRole('textbox', {
      name: 'Steps (canary %) for front-end',
    });
    await userEvent.clear(steps);
    await userEvent.type(steps, '5 20, 60');
    const interval = delivery.getByRole('textbox', {
      name: 'Check interval for front-end',
    });
    await userEvent.clear(interval);
    await userEvent.type(interval, '30s');
    // swap stable and canary
    await userEvent.click(
      delivery.getByRole('button', { name: 'Stable subset of front-end' }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'v2' }));
    await userEvent.click(
      delivery.getByRole('button', { name: 'Canary subset of front-end' }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'v1' }));
    await userEvent.click(
      delivery.getByRole('button', { name: 'Start rollout' }),
    );
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0].body).toEqual({
      plan: {
        ...frontEndPlan,
        stable: { subset: 'v2', version: 'v2' },
        canary: { subset: 'v1', version: 'v1' },
        steps: [5, 20, 60],
        checks: { ...frontEndPlan.checks, interval: '30s' },
      },
    });
  });

  it("offers an HTTPRoute's per-version Services as stable and canary, and sends them", async () => {
    const posted = backend(sockShopStatus(frontEndByHttpRoute()));
    await renderTabWithClient();
    const delivery = await section();
    // the one with most traffic is stable, the one with least the canary
    expect(
      delivery.getByRole('button', { name: 'Stable Service of front-end' }),
    ).toHaveTextContent('front-end-v1 (v1)');
    await userEvent.click(
      delivery.getByRole('button', { name: 'Canary Service of front-end' }),
    );
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'front-end-v1 (v1)',
      'front-end-v2 (v2)',
    ]);
    await userEvent.click(options[1]);
    await userEvent.click(
      delivery.getByRole('button', { name: 'Start rollout' }),
    );
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0].body).toEqual({
      plan: {
        ...frontEndPlan,
        stable: { subset: 'front-end-v1', version: 'v1' },
        canary: { subset: 'front-end-v2', version: 'v2' },
      },
    });
  });

  it('shows each invalid input its error and sends nothing', async () => {
    const posted = backend(sockShopStatus());
    await renderTabWithClient();
    const delivery = await section();
    const steps = delivery.getByRole('textbox', {
      name: 'Steps (canary %) for front-end',
    });
    await userEvent.clear(steps);
    await userEvent.type(steps, '10, 5');
    const interval = delivery.getByRole('textbox', {
      name: 'Check interval for front-end',
    });
    await userEvent.clear(interval);
    await userEvent.type(interval, 'soon');
    const rate = delivery.getByRole('textbox', {
      name: 'Min success rate (%) for front-end',
    });
    await userEvent.clear(rate);
    await userEvent.type(rate, '101');

    expect(steps).toHaveAccessibleDescription(
      'steps[1] must be greater than steps[0] (10)',
    );
    expect(interval).toHaveAccessibleDescription(
      'Must be a duration such as "30s", "1m" or "2h", got "soon"',
    );
    expect(rate).toHaveAccessibleDescription(
      'Must be between 0 and 100, got 101',
    );
    expect(
      delivery.getByRole('textbox', {
        name: 'Bake per step (s) for front-end',
      }),
    ).toHaveAccessibleDescription('');
    const start = delivery.getByRole('button', { name: 'Start rollout' });
    expect(start).toBeDisabled();
    // Enter in an input submits the form all the same
    await userEvent.type(rate, '{Enter}');

    // the same canary as stable is refused at the canary
    await userEvent.click(
      delivery.getByRole('button', { name: 'Canary subset of front-end' }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'v1' }));
    expect(delivery.getByText('Must differ from stable.subset')).toBeVisible();
    expect(posted).toEqual([]);
  });

  it("shows the backend's reason when it refuses the start", async () => {
    backend(sockShopStatus(), undefined, {
      status: 409,
      name: 'ConflictError',
      message:
        'a rollout of front-end to v2 is progressing at 25 % on VirtualService front-end-virtualservice; promote or abort it first',
    });
    await renderTabWithClient();
    const delivery = await section();
    await userEvent.click(
      delivery.getByRole('button', { name: 'Start rollout' }),
    );
    expect(
      await delivery.findByText(
        /failed with 409 Conflict: a rollout of front-end to v2 is progressing at 25 %.*promote or abort it first$/,
      ),
    ).toBeInTheDocument();
    expect(
      delivery.getByRole('button', { name: 'Start rollout' }),
    ).toBeEnabled();
  });

  it.each([
    ['progressing', ['Pause', 'Promote', 'Abort']],
    ['paused', ['Resume', 'Promote', 'Abort']],
    ['promoted', []],
    ['rolledBack', []],
    ['aborted', []],
  ] as const)(
    'offers the actions a %s rollout allows',
    async (phase, actions) => {
      backend(sockShopStatus(frontEndWithRollout(phase)));
      await renderTabWithClient();
      const delivery = await section();
      await delivery.findByRole('table', {
        name: 'Timeline of the rollout of front-end',
      });
      const offered = delivery
        .queryAllByRole('button', { name: /the rollout of front-end$/ })
        .map(b => b.textContent);
      expect(offered).toEqual(actions);
      // an ended rollout stays visible beside the form for the next one
      expect(
        delivery.queryAllByRole('button', { name: 'Start rollout' }),
      ).toHaveLength(actions.length === 0 ? 1 : 0);
    },
  );

  it('pauses and resumes, posting each action and showing the answered phase', async () => {
    const posted = backend(
      sockShopStatus(frontEndWithRollout('progressing')),
      sockShopStatus(frontEndWithRollout('paused')),
    );
    await renderTabWithClient();
    const delivery = await section();
    await userEvent.click(
      await delivery.findByRole('button', {
        name: 'Pause the rollout of front-end',
      }),
    );
    expect(
      await delivery.findByLabelText('Rollout of front-end: paused'),
    ).toBeInTheDocument();
    expect(
      delivery.getByRole('button', { name: 'Resume the rollout of front-end' }),
    ).toBeEnabled();
    expect(posted).toEqual([{ path: 'rollouts/front-end/pause', body: {} }]);
  });

  it.each([
    ['Abort', 'abort', 'aborted'],
    ['Promote', 'promote', 'promoted'],
  ] as const)('asks before it sends %s', async (label, action, ended) => {
    const posted = backend(
      sockShopStatus(frontEndWithRollout('paused')),
      sockShopStatus(frontEndWithRollout(ended)),
    );
    await renderTabWithClient();
    const delivery = await section();
    await userEvent.click(
      await delivery.findByRole('button', {
        name: `${label} the rollout of front-end`,
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: `${label} the rollout of front-end?`,
    });
    expect(dialog).toHaveTextContent('v2 now takes 25 %');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    expect(posted).toEqual([]);

    await userEvent.click(
      delivery.getByRole('button', {
        name: `${label} the rollout of front-end`,
      }),
    );
    await userEvent.click(
      within(
        await screen.findByRole('dialog', {
          name: `${label} the rollout of front-end?`,
        }),
      ).getByRole('button', { name: label }),
    );
    expect(
      await delivery.findByLabelText(`Rollout of front-end: ${ended}`),
    ).toBeInTheDocument();
    expect(posted).toEqual([
      { path: `rollouts/front-end/${action}`, body: {} },
    ]);
  });

  it("shows the backend's refusal of an action", async () => {
    backend(sockShopStatus(frontEndWithRollout('progressing')), undefined, {
      status: 409,
      name: 'ConflictError',
      message: 'cannot pause a rollout that is promoted',
    });
    await renderTabWithClient();
    const delivery = await section();
    await userEvent.click(
      await delivery.findByRole('button', {
        name: 'Pause the rollout of front-end',
      }),
    );
    expect(
      await delivery.findByText(
        'Pausing the rollout of front-end in system:default/sockshop failed with 409 Conflict: cannot pause a rollout that is promoted',
      ),
    ).toBeInTheDocument();
  });

  it('shows the timeline newest first and draws each event and check on the chart', async () => {
    backend(sockShopStatus(frontEndWithRollout('progressing')));
    await renderTabWithClient();
    const delivery = await section();
    const timeline = await delivery.findByRole('table', {
      name: 'Timeline of the rollout of front-end',
    });
    const rows = within(timeline).getAllByRole('row').slice(1);
    const time = (at: string) => new Date(at).toLocaleTimeString();
    expect(
      rows.map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      ),
    ).toEqual(
      [...frontEndTimeline]
        .reverse()
        .map(e => [
          time(e.at),
          e.kind,
          `${e.weight} %`,
          e.message,
          e.actor ?? '-',
        ]),
    );

    const chart = delivery.getByRole('figure', {
      name: `Rollout of front-end v2 from ${time(
        frontEndTimeline[0].at,
      )} to ${time(frontEndTimeline[3].at)}: 3 checks with figures`,
    });
    const points = (name: RegExp) =>
      within(chart)
        .getAllByRole('img', { name })
        .map(p => p.getAttribute('aria-label'));
    expect(points(/^v2 weight/)).toEqual(
      frontEndTimeline.map(e => `v2 weight ${e.weight} % at ${time(e.at)}`),
    );
    expect(points(/^success rate/)).toEqual([
      `success rate 99.8 % at ${time(frontEndTimeline[1].at)}`,
      `success rate 99.5 % at ${time(frontEndTimeline[2].at)}`,
      `success rate 97 % at ${time(frontEndTimeline[3].at)}`,
    ]);
    expect(points(/^p99/)).toEqual([
      `p99 120 ms at ${time(frontEndTimeline[1].at)}`,
      `p99 180 ms at ${time(frontEndTimeline[2].at)}`,
      `p99 620 ms at ${time(frontEndTimeline[3].at)}`,
    ]);
    expect(
      within(chart).getByText('success rate (at least 99 %)'),
    ).toBeInTheDocument();
    expect(
      within(chart).getByText('p99 latency (at most 500 ms)'),
    ).toBeInTheDocument();
  });

  it('shows the Flagger Canary that owns the route, with no form and no weights editor', async () => {
    backend(sockShopStatus(frontEndDeliveredBy()));
    await renderTabWithClient();
    const delivery = await section();
    expect(
      delivery.getByText(
        /^Managed by Flagger Canary front-end in user1-sockshop: phase Progressing, canary weight 20 %\./,
      ),
    ).toBeInTheDocument();
    expect(
      delivery.getByText('Advance front-end.user1-sockshop canary weight 20'),
    ).toBeInTheDocument();
    expect(
      delivery.queryByRole('form', { name: 'New rollout of front-end' }),
    ).not.toBeInTheDocument();
    expect(
      delivery.queryByRole('button', { name: 'Start rollout' }),
    ).not.toBeInTheDocument();

    const traffic = within(
      screen.getByRole('group', { name: 'Traffic of front-end' }),
    );
    expect(
      traffic.queryByRole('spinbutton', { name: 'Weight of v1 for front-end' }),
    ).not.toBeInTheDocument();
    expect(
      traffic.getByText(
        'Managed by Flagger Canary front-end: the portal does not change these weights.',
      ),
    ).toBeInTheDocument();
    expect(traffic.getByText('Weights: v1 80%, v2 20%')).toBeInTheDocument();
  });

  it('shows a rollout read-only to a user without the traffic permission', async () => {
    jest
      .mocked(usePermission)
      .mockReturnValue({ loading: false, allowed: false });
    backend(sockShopStatus(frontEndWithRollout('progressing')));
    await renderTabWithClient();
    const delivery = await section();
    for (const name of ['Pause', 'Promote', 'Abort']) {
      expect(
        delivery.getByRole('button', {
          name: `${name} the rollout of front-end`,
        }),
      ).toBeDisabled();
    }
    expect(
      screen.getByText(/start or steer its rollouts; they are shown read-only/),
    ).toBeInTheDocument();
  });

  it('offers a user without the traffic permission no enabled form', async () => {
    jest
      .mocked(usePermission)
      .mockReturnValue({ loading: false, allowed: false });
    const posted = backend(sockShopStatus());
    await renderTabWithClient();
    const delivery = await section();
    expect(
      delivery.getByRole('button', { name: 'Start rollout' }),
    ).toBeDisabled();
    expect(
      delivery.getByRole('textbox', { name: 'Steps (canary %) for front-end' }),
    ).toBeDisabled();
    expect(posted).toEqual([]);
  });

  it('names an Argo Rollouts Rollout that owns the route', async () => {
    backend(
      sockShopStatus(
        frontEndDeliveredBy({
          tool: 'argo-rollouts',
          kind: 'Rollout',
          namespace: 'user1-sockshop',
          name: 'front-end',
          phase: 'Degraded',
          canaryWeight: 0,
          message: 'RolloutAborted: metric "success-rate" assessed Failed',
          link: 'https://rollouts.example.com/rollouts/rollout/user1-sockshop/front-end',
        }),
      ),
    );
    await renderTabWithClient();
    const delivery = await section();
    expect(
      delivery.getByText(
        /^Managed by Argo Rollouts Rollout front-end in user1-sockshop: phase Degraded, canary weight 0 %\./,
      ),
    ).toBeInTheDocument();
    expect(
      delivery.getByRole('link', {
        name: /^Open Argo Rollouts Rollout front-end/,
      }),
    ).toHaveAttribute(
      'href',
      'https://rollouts.example.com/rollouts/rollout/user1-sockshop/front-end',
    );
    expect(
      delivery.queryByRole('button', { name: 'Start rollout' }),
    ).not.toBeInTheDocument();
  });

  it('warns of a rollout annotation it cannot read', async () => {
    backend(
      sockShopStatus({
        ...frontEndWithRollout(),
        rollout: undefined,
        rolloutProblem: {
          route: { kind: 'VirtualService', name: 'front-end-virtualservice' },
          message:
            'servicemesh.backstage.io/rollout annotation: version must be 1, got 2',
        },
      }),
    );
    await renderTabWithClient();
    const delivery = await section();
    expect(
      delivery.getByText(
        /VirtualService front-end-virtualservice cannot be read: servicemesh\.backstage\.io\/rollout annotation: version must be 1, got 2$/,
      ),
    ).toBeInTheDocument();
  });
});
