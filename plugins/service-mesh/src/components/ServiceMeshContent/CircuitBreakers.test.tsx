import { render, screen, within } from '@testing-library/react';
import { ServiceStatus } from '@service-mesh/plugin-service-mesh-common';
import { CircuitBreakers, flattenSettings } from './CircuitBreakers';

const service = (
  name: string,
  circuitBreaker: ServiceStatus['circuitBreaker'],
): ServiceStatus => ({
  name,
  workloads: [],
  routes: [],
  subsets: [],
  circuitBreaker,
});

const rowsOf = (name: string) =>
  within(screen.getByRole('group', { name: `Circuit breaker of ${name}` }))
    .getAllByRole('row')
    .map(row => row.textContent);

describe('CircuitBreakers', () => {
  it('shows a DestinationRule with outlier detection and no connection pool (as the mesh template writes it)', () => {
    render(
      <CircuitBreakers
        services={[
          service('carts', {
            destinationRule: 'carts',
            outlierDetection: {
              consecutive5xxErrors: 5,
              interval: '10s',
              baseEjectionTime: '30s',
              maxEjectionPercent: 100,
            },
          }),
        ]}
      />,
    );
    expect(rowsOf('carts')).toEqual([
      'outlierDetection.consecutive5xxErrors5',
      'outlierDetection.interval10s',
      'outlierDetection.baseEjectionTime30s',
      'outlierDetection.maxEjectionPercent100',
    ]);
  });

  it('shows a DestinationRule with a connection pool and no outlier detection', () => {
    render(
      <CircuitBreakers
        services={[
          service('orders', {
            destinationRule: 'orders',
            connectionPool: { tcp: { maxConnections: 1 } },
          }),
        ]}
      />,
    );
    expect(rowsOf('orders')).toEqual(['connectionPool.tcp.maxConnections1']);
    expect(screen.getByText('orders (DestinationRule orders)')).toBeVisible();
  });

  it('leaves absent settings out when flattening', () => {
    expect(
      flattenSettings({ outlierDetection: undefined, connectionPool: null }),
    ).toEqual([]);
  });
});
