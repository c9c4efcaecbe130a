import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  KialiHealth,
  kialiComputedHealth,
  noHealthYet,
  serviceHealthFromRequests,
} from '@service-mesh/plugin-service-mesh-common';
import {
  frontEnd,
  frontEndComponentStatus,
} from '../../__fixtures__/meshStatus';
import { frontEndComponent } from '../../__fixtures__/entities';
import {
  mockMeshApi,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { kialiFixture } from '@service-mesh/plugin-service-mesh-common/testUtils';
import { EntityServiceMeshCard } from './EntityServiceMeshCard';

/** Kiali-shaped request rates of services, built from Kiali's own code (see SOURCES.md). */
const kialiShapes = kialiFixture(
  'kiali-repo/model-derived.service-health.json',
);
const computed = (shape: string): KialiHealth =>
  serviceHealthFromRequests(kialiShapes[shape].requests, {
    namespace: 'user1-sockshop',
    name: 'front-end',
  });

async function renderHealth(health: KialiHealth) {
  await renderWithEntity(<EntityServiceMeshCard />, {
    entity: frontEndComponent,
    api: mockMeshApi(frontEndComponentStatus({ ...frontEnd(), health })),
  });
  const table = await screen.findByRole('table', { name: 'Services' });
  return within(table).getAllByRole('row')[1];
}

async function tooltipOf(text: string) {
  await userEvent.hover(screen.getByText(text));
  return (await screen.findByRole('tooltip')).textContent;
}

describe('Kiali health on the card', () => {
  it('shows a gRPC service with 3.85% UNAVAILABLE as Degraded, not Failure, and says why', async () => {
    const row = await renderHealth(computed('grpc-unavailable-4pct'));
    expect(within(row).getByText('Degraded')).toBeInTheDocument();
    expect(within(row).queryByText('Failure')).not.toBeInTheDocument();
    expect(await tooltipOf('Degraded')).toBe(
      "3.85% of gRPC requests are gRPC errors (codes 1-16): degraded from 0% (default tolerance) (Kiali's tolerances applied to Kiali's request rates, 104 req/s)",
    );
  });

  it('shows a service annotated to tolerate 20% 4xx as Healthy', async () => {
    const row = await renderHealth(computed('annotated-4xx-tolerance'));
    expect(within(row).getByText('Healthy')).toBeInTheDocument();
    expect(await tooltipOf('Healthy')).toContain(
      '20.00% errors, below every threshold',
    );
  });

  it('names the code class and threshold of a Failure', async () => {
    await renderHealth(computed('http-dilution-by-grpc'));
    expect(await tooltipOf('Failure')).toContain(
      '10.00% of HTTP requests are 5xx: failure from 10% (default tolerance)',
    );
  });

  it('shows Kiali 2.22’s own Not Ready as Not Ready', async () => {
    const row = await renderHealth(
      kialiComputedHealth({
        status: { status: 'Not Ready', errorRatio: -1, totalRequestRate: 0 },
        requests: { inbound: {}, outbound: {} },
      })!,
    );
    expect(within(row).getByText('Not Ready')).toBeInTheDocument();
    expect(await tooltipOf('Not Ready')).toBe('computed by Kiali (0 req/s)');
  });

  it('says Kiali has no health yet, with the time it was asked', async () => {
    const at = '2026-12-03T16:30:05.000Z';
    const row = await renderHealth(noHealthYet(at));
    expect(
      within(row).getByText('Kiali has no health yet'),
    ).toBeInTheDocument();
    const asked = new Date(at).toLocaleTimeString();
    expect(within(row).getByText(`asked at ${asked}`)).toBeInTheDocument();
  });

  it('shows Kiali UI’s words for no traffic', async () => {
    const idle = await renderHealth(
      serviceHealthFromRequests({ inbound: {} }, { namespace: 'n', name: 's' }),
    );
    expect(within(idle).getByText('No health information')).toBeInTheDocument();
  });
});
