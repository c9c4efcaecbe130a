import {
  HealthState,
  KialiHealth,
} from '@service-mesh/plugin-service-mesh-common';

/** Request rates by protocol and response code, as Kiali's health endpoints give them. */
type RequestRates = Record<string, Record<string, number>>;

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The health Kiali's UI shows for a service, from inbound request rates, with
 * Kiali's default tolerances: 5xx or no response at 10% or more is Failure and
 * any is Degraded; 4xx is Degraded from 10% and Failure from 20%; no traffic NA.
 */
export function healthFromRequests(
  inbound: RequestRates | undefined,
): KialiHealth {
  let total = 0;
  let serverErrors = 0;
  let clientErrors = 0;
  for (const codes of Object.values(inbound ?? {})) {
    for (const [code, rate] of Object.entries(codes)) {
      total += rate;
      if (code === '-' || code === '0' || code.startsWith('5'))
        serverErrors += rate;
      else if (code.startsWith('4')) clientErrors += rate;
    }
  }
  if (total <= 0) return { status: 'NA', requestRate: 0 };
  const serverRatio = (serverErrors / total) * 100;
  const clientRatio = (clientErrors / total) * 100;
  let status: HealthState = 'Healthy';
  if (serverRatio >= 10 || clientRatio >= 20) status = 'Failure';
  else if (serverRatio > 0 || clientRatio >= 10) status = 'Degraded';
  return {
    status,
    errorRatio: round(serverRatio + clientRatio),
    requestRate: round(total),
  };
}
