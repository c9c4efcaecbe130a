/** Prints one benchmark figure as a JSON line. */
export function report(figure: Record<string, unknown>) {
  process.stdout.write(
    `${JSON.stringify({ at: new Date().toISOString(), ...figure })}\n`,
  );
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

/** Runs `fn` `runs` times after `warmup` runs; returns milliseconds per run, sorted. */
export async function timeRuns(
  fn: () => Promise<unknown>,
  runs: number,
  warmup = 3,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

export const round = (n: number) => Math.round(n * 100) / 100;
