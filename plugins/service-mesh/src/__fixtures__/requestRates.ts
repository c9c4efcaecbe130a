import { RequestRateHistory } from '@service-mesh/plugin-service-mesh-common';

/**
 * Request-rate histories as the backend answers them for the hands-on's
 * SockShop: the 30 minutes up to the status fixture's `generatedAt`, a point
 * every 30 s, each service ending at the rate the status fixture observes.
 * The databases and rabbitmq serve no HTTP, so they are absent; orders has no
 * points for five minutes while its pod restarted.
 */

export const WINDOW_END = Date.parse('2026-11-25T10:00:00.000Z') / 1000;
export const STEP_SECONDS = 30;
export const WINDOW_START = WINDOW_END - 30 * 60;
const POINTS = (WINDOW_END - WINDOW_START) / STEP_SECONDS + 1;

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Points from the window's start, a step apart; `null` is a missing point. */
export function series(values: Array<number | null>): Array<[number, number]> {
  return values.flatMap(
    (value, i): Array<[number, number]> =>
      value === null ? [] : [[WINDOW_START + i * STEP_SECONDS, value]],
  );
}

/** A rate that wavers by 10% around `rate` and ends at it. */
function wavering(rate: number): Array<number> {
  return Array.from({ length: POINTS }, (_, i) =>
    round3(rate * (1 + 0.1 * Math.sin((i - (POINTS - 1)) / 3))),
  );
}

/** carts: from 0.2 up to 0.6 req/s, now 0.5. */
export const cartsRates = series(
  Array.from({ length: POINTS }, (_, i) =>
    i === POINTS - 1 ? 0.5 : round3(0.2 + (0.4 * i) / (POINTS - 2)),
  ),
);

/** orders: no points from 09:40 to 09:44:30. */
export const ordersRates = series(
  wavering(4).map((value, i) => (i >= 20 && i < 30 ? null : value)),
);

function history(
  services: RequestRateHistory['services'],
  source: RequestRateHistory['source'] = { state: 'ok' },
): RequestRateHistory {
  return {
    entity: { kind: 'system', namespace: 'default', name: 'sockshop' },
    source,
    start: new Date(WINDOW_START * 1000).toISOString(),
    end: new Date(WINDOW_END * 1000).toISOString(),
    stepSeconds: STEP_SECONDS,
    services,
  };
}

/** The SockShop System's last 30 minutes. */
export function sockShopRequestRates(): RequestRateHistory {
  return history({
    carts: cartsRates,
    catalogue: series(wavering(1.9)),
    'front-end': series(wavering(24.5)),
    orders: ordersRates,
    payment: series(wavering(5.4)),
    'queue-master': series(wavering(6.1)),
    shipping: series(wavering(7.5)),
    user: series(wavering(8.2)),
  });
}

/** A cluster without Prometheus. */
export function notConfiguredRequestRates(): RequestRateHistory {
  return history({}, { state: 'not-configured' });
}

/** Prometheus failed. */
export function failedRequestRates(reason: string): RequestRateHistory {
  return history({}, { state: 'error', reason });
}
