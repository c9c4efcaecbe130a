import { healthFromRequests } from './kialiHealth';

describe('healthFromRequests', () => {
  it('applies Kiali’s default tolerances', () => {
    expect(healthFromRequests({ http: { '200': 100 } }).status).toBe('Healthy');
    expect(healthFromRequests({ http: { '200': 99, '503': 1 } }).status).toBe(
      'Degraded',
    );
    expect(healthFromRequests({ http: { '200': 90, '503': 10 } }).status).toBe(
      'Failure',
    );
    expect(healthFromRequests({ http: { '200': 90, '404': 10 } }).status).toBe(
      'Degraded',
    );
    expect(healthFromRequests({ http: { '200': 80, '404': 20 } }).status).toBe(
      'Failure',
    );
    expect(healthFromRequests({ http: { '200': 85, '-': 15 } }).status).toBe(
      'Failure',
    );
    expect(healthFromRequests({}).status).toBe('NA');
  });
});
