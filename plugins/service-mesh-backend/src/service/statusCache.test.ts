import { StatusCache } from './statusCache';

describe('StatusCache', () => {
  it('makes concurrent callers of one key share one computation', async () => {
    let now = 0;
    const cache = new StatusCache<number>(5000, () => now);
    let computed = 0;
    let release!: (n: number) => void;
    const compute = () => {
      computed += 1;
      return new Promise<number>(resolve => {
        release = resolve;
      });
    };
    const all = Promise.all([
      cache.get('a', compute),
      cache.get('a', compute),
      cache.get('a', compute),
    ]);
    release(42);
    expect(await all).toEqual([42, 42, 42]);
    expect(computed).toBe(1);
    now = 4999;
    expect(await cache.get('a', async () => 7)).toBe(42);
    now = 5001;
    expect(await cache.get('a', async () => 7)).toBe(7);
  });

  it('does not keep failures', async () => {
    const cache = new StatusCache<number>(5000);
    await expect(
      cache.get('a', () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(await cache.get('a', async () => 1)).toBe(1);
  });

  it('forgets a namespace on invalidate', async () => {
    const cache = new StatusCache<number>(5000);
    await cache.get('local/ns1/component:default/a', async () => 1);
    await cache.get('local/ns2/component:default/b', async () => 2);
    cache.invalidate('local/ns1/');
    expect(
      await cache.get('local/ns1/component:default/a', async () => 3),
    ).toBe(3);
    expect(
      await cache.get('local/ns2/component:default/b', async () => 4),
    ).toBe(2);
  });
});
