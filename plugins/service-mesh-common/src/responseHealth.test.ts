import { responseHealth } from './responseHealth';

describe('responseHealth', () => {
  it('counts no response, 4xx and 5xx as errors, and applies Kiali’s tolerances', () => {
    expect(responseHealth({ '200': 9, '503': 1 })).toEqual({
      status: 'Failure',
      requestRate: 10,
      errorPercent: 10,
    });
    expect(responseHealth({ '200': 95, '0': 5 }).status).toBe('Degraded');
    expect(responseHealth({ '200': 85, '404': 15 })).toEqual({
      status: 'Degraded',
      requestRate: 100,
      errorPercent: 15,
    });
    expect(responseHealth({ '2xx': 70, '5xx': 30 }).status).toBe('Failure');
    expect(responseHealth({ '200': 5, '302': 5 }).status).toBe('Healthy');
    expect(responseHealth({})).toEqual({
      status: 'NA',
      requestRate: 0,
      errorPercent: 0,
    });
  });
});
