import { screen, within } from '@testing-library/react';
import { sockShopStatus } from '../../__fixtures__/meshStatus';
import { sockShopSystem } from '../../__fixtures__/entities';
import {
  frontEndDeliveredBy,
  frontEndWithRollout,
} from '../../__fixtures__/rollouts';
import {
  mockMeshApi,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityServiceMeshCard } from './EntityServiceMeshCard';

async function renderCard(status = sockShopStatus()) {
  await renderWithEntity(<EntityServiceMeshCard />, {
    entity: sockShopSystem,
    api: mockMeshApi(status),
  });
  await screen.findByLabelText('Sidecar of front-end: 2/2 pods with sidecar');
}

const frontEndRow = () =>
  within(screen.getByRole('table', { name: 'Services' }))
    .getAllByRole('row')
    .find(row => row.querySelector('th')?.textContent === 'front-end')!;

describe("the card's delivery chip", () => {
  it('shows an active rollout with its canary, weight and phase', async () => {
    await renderCard(sockShopStatus(frontEndWithRollout('paused')));
    expect(
      within(frontEndRow()).getByLabelText(
        'Delivery of front-end: canary v2 25 % · paused',
      ),
    ).toHaveTextContent('canary v2 25 % · paused');
    expect(screen.getAllByText(/^canary /)).toHaveLength(1);
  });

  it('shows Flagger with its phase and weight', async () => {
    await renderCard(sockShopStatus(frontEndDeliveredBy()));
    expect(
      within(frontEndRow()).getByText('Flagger: Progressing 20 %'),
    ).toBeInTheDocument();
  });

  it('shows Argo Rollouts without figures it does not report', async () => {
    await renderCard(
      sockShopStatus(
        frontEndDeliveredBy({
          tool: 'argo-rollouts',
          kind: 'Rollout',
          namespace: 'user1-sockshop',
          name: 'front-end',
          phase: 'Healthy',
        }),
      ),
    );
    expect(
      within(frontEndRow()).getByText('Argo Rollouts: Healthy'),
    ).toBeInTheDocument();
  });

  it('shows nothing for an ended rollout or a service without one', async () => {
    await renderCard(sockShopStatus(frontEndWithRollout('promoted')));
    expect(screen.queryByText(/^canary /)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Delivery of /)).not.toBeInTheDocument();
  });
});
