import { combinedObserved } from './combinedObserved';

describe('combinedObserved', () => {
  it('adds up per-version Services: rates, errors, the split by version, the highest p95', () => {
    expect(
      combinedObserved([
        undefined,
        {
          requestRate: 16,
          errorRatio: 0,
          latencyP95Ms: 40,
          splitByVersion: { v1: 100 },
        },
        {
          requestRate: 4,
          errorRatio: 0.5,
          latencyP95Ms: 90,
          splitByVersion: { v2: 100 },
        },
      ]),
    ).toEqual({
      requestRate: 20,
      errorRatio: 0.1,
      latencyP95Ms: 90,
      splitByVersion: { v1: 80, v2: 20 },
    });
  });

  it('keeps a lone part as it is, and has nothing without traffic', () => {
    const alone = {
      requestRate: 3,
      errorRatio: 0,
      splitByVersion: { v1: 100 },
    };
    expect(combinedObserved([alone, undefined])).toBe(alone);
    expect(combinedObserved([undefined, { requestRate: 0 }])).toBeUndefined();
  });
});

describe('combinedObserved with ztunnel’s L4 figures', () => {
  it('adds up the connections and bytes of per-version Services that have no requests', () => {
    expect(
      combinedObserved([
        undefined,
        { l4: { connectionRate: 8, byteRate: 20480 } },
        { l4: { connectionRate: 2, byteRate: 5120.4 } },
      ]),
    ).toEqual({ l4: { connectionRate: 10, byteRate: 25600.4 } });
  });

  it('keeps the requests of the parts that have them beside the L4 figures of all', () => {
    expect(
      combinedObserved([
        {
          requestRate: 5,
          errorRatio: 0,
          splitByVersion: { v1: 100 },
          l4: { connectionRate: 5, byteRate: 100 },
        },
        { l4: { connectionRate: 1, byteRate: 50 } },
      ]),
    ).toEqual({
      requestRate: 5,
      errorRatio: 0,
      splitByVersion: { v1: 100 },
      l4: { connectionRate: 6, byteRate: 150 },
    });
  });
});
