import {
  KialiHealth,
  responseHealth,
} from '@service-mesh/plugin-service-mesh-common';

/** Request rates by protocol and response code, as Kiali's health endpoints give them. */
type RequestRates = Record<string, Record<string, number>>;

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The health Kiali's UI shows for a service, from inbound request rates, with
 * Kiali's default tolerances (see `responseHealth`).
 */
export function healthFromRequests(
  inbound: RequestRates | undefined,
): KialiHealth {
  const rateByCode: Record<string, number> = {};
  for (const codes of Object.values(inbound ?? {})) {
    for (const [code, rate] of Object.entries(codes)) {
      rateByCode[code] = (rateByCode[code] ?? 0) + rate;
    }
  }
  const health = responseHealth(rateByCode);
  if (health.status === 'NA') return { status: 'NA', requestRate: 0 };
  return {
    status: health.status,
    errorRatio: round(health.errorPercent),
    requestRate: round(health.requestRate),
  };
}
