interface Candidate<T> {
  /** Identifies the candidate across calls (pod name, route destination). */
  key: string;
  item: T;
  weight: number;
}

/**
 * Nginx's smooth weighted round-robin: deterministic, and over any window of
 * `sum(weights)` picks each candidate exactly `weight` times, interleaved.
 */
class SmoothWeightedRoundRobin {
  private readonly current: number[];

  constructor(private readonly weights: number[]) {
    this.current = weights.map(() => 0);
  }

  next(): number {
    const total = this.weights.reduce((a, b) => a + b, 0);
    let best = 0;
    for (let i = 0; i < this.weights.length; i++) {
      this.current[i] += this.weights[i];
      if (this.current[i] > this.current[best]) best = i;
    }
    this.current[best] -= total;
    return best;
  }
}

/** One balancer per decision point, reset when its candidates or weights change. */
export class Balancers {
  private readonly balancers = new Map<
    string,
    { signature: string; balancer: SmoothWeightedRoundRobin }
  >();

  pick<T>(point: string, candidates: Candidate<T>[]): T | undefined {
    const live = candidates.filter(c => c.weight > 0);
    if (live.length === 0) return undefined;
    if (live.length === 1) return live[0].item;
    const signature = live.map(c => `${c.key}=${c.weight}`).join(',');
    let entry = this.balancers.get(point);
    if (!entry || entry.signature !== signature) {
      entry = {
        signature,
        balancer: new SmoothWeightedRoundRobin(live.map(c => c.weight)),
      };
      this.balancers.set(point, entry);
    }
    return live[entry.balancer.next()].item;
  }

  /** Round-robin over equally weighted candidates. */
  roundRobin<T>(point: string, items: T[], keyOf: (item: T) => string) {
    return this.pick(
      point,
      items.map(item => ({ key: keyOf(item), item, weight: 1 })),
    );
  }
}

/** mulberry32: a 32-bit PRNG (doubles overflow in naive LCGs and skew splits). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
