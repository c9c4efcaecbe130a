/** Counts Kubernetes API requests by verb and resource, for tests and benchmarks. */
export class RequestStats {
  private counts = new Map<string, number>();
  private total = 0;

  record(verb: string, resource: string) {
    const key = `${verb} ${resource}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total += 1;
  }

  snapshot() {
    const byVerb: Record<string, number> = {};
    const byResource: Record<string, Record<string, number>> = {};
    for (const [key, count] of this.counts) {
      const [verb, resource] = key.split(' ');
      byVerb[verb] = (byVerb[verb] ?? 0) + count;
      byResource[resource] ??= {};
      byResource[resource][verb] = count;
    }
    return { total: this.total, byVerb, byResource };
  }

  reset() {
    this.counts.clear();
    this.total = 0;
  }
}
