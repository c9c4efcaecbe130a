import {
  ObservedL4Traffic,
  ObservedTraffic,
  toPercentages,
} from '@service-mesh/plugin-service-mesh-common';

const round = (n: number, digits: number) =>
  Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * What Prometheus observed for a service whose traffic reaches it through
 * per-version Services (an HTTPRoute splitting `web` over `web-v1` and
 * `web-v2`): the metrics name those Services, so their figures are added up.
 * Request and error rates add; the split is each Service's rate shared out by
 * its versions; p95 is the highest of theirs (a bound: percentiles of
 * separate histograms do not add); ztunnel's L4 connection and byte rates
 * add. The service's own figures, when it has traffic under its own name
 * too, count as one more part.
 */
export function combinedObserved(
  parts: (ObservedTraffic | undefined)[],
): ObservedTraffic | undefined {
  const present = parts.filter(
    (p): p is ObservedTraffic =>
      p !== undefined && ((p.requestRate ?? 0) > 0 || p.l4 !== undefined),
  );
  if (present.length <= 1) return present[0];
  const requests = combinedRequests(present);
  const l4 = combinedL4(present.map(p => p.l4));
  return { ...requests, ...(l4 ? { l4 } : {}) };
}

function combinedL4(
  parts: (ObservedL4Traffic | undefined)[],
): ObservedL4Traffic | undefined {
  const present = parts.filter((p): p is ObservedL4Traffic => p !== undefined);
  if (present.length === 0) return undefined;
  return {
    connectionRate: round(
      present.reduce((sum, p) => sum + p.connectionRate, 0),
      3,
    ),
    byteRate: round(
      present.reduce((sum, p) => sum + p.byteRate, 0),
      1,
    ),
  };
}

function combinedRequests(
  parts: ObservedTraffic[],
): Omit<ObservedTraffic, 'l4'> | undefined {
  const present = parts.filter(p => (p.requestRate ?? 0) > 0);
  if (present.length === 0) return undefined;
  if (present.length === 1) {
    const { l4: _, ...requests } = present[0];
    return requests;
  }
  let requestRate = 0;
  let errorRate = 0;
  const versionRates: Record<string, number> = {};
  let latencyP95Ms: number | undefined;
  for (const part of present) {
    const rate = part.requestRate!;
    requestRate += rate;
    errorRate += rate * (part.errorRatio ?? 0);
    for (const [version, share] of Object.entries(part.splitByVersion ?? {})) {
      versionRates[version] =
        (versionRates[version] ?? 0) + (rate * share) / 100;
    }
    if (part.latencyP95Ms !== undefined)
      latencyP95Ms = Math.max(latencyP95Ms ?? 0, part.latencyP95Ms);
  }
  return {
    requestRate: round(requestRate, 3),
    errorRatio: round(errorRate / requestRate, 4),
    ...(latencyP95Ms !== undefined ? { latencyP95Ms } : {}),
    splitByVersion: toPercentages(versionRates),
  };
}
