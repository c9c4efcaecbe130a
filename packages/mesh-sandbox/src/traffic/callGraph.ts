/** One service calling another, with how many calls per request it serves. */
export interface Call {
  from: string;
  to: string;
  perRequest: number;
}

/**
 * SockShop's call graph (microservices-demo): front-end's share of calls per
 * page request is the mix of the measured experiment in api-facts §5; placing
 * an order calls every dependency once; shipping queues to rabbitmq, which
 * delivers to queue-master; every stateful service talks to its own db.
 */
export const sockShopCalls: Call[] = [
  { from: 'front-end', to: 'catalogue', perRequest: 0.6 },
  { from: 'front-end', to: 'carts', perRequest: 0.3 },
  { from: 'front-end', to: 'user', perRequest: 0.2 },
  { from: 'front-end', to: 'orders', perRequest: 0.05 },
  { from: 'orders', to: 'carts', perRequest: 1 },
  { from: 'orders', to: 'user', perRequest: 1 },
  { from: 'orders', to: 'payment', perRequest: 1 },
  { from: 'orders', to: 'shipping', perRequest: 1 },
  { from: 'shipping', to: 'rabbitmq', perRequest: 1 },
  { from: 'rabbitmq', to: 'queue-master', perRequest: 1 },
  { from: 'carts', to: 'carts-db', perRequest: 1 },
  { from: 'catalogue', to: 'catalogue-db', perRequest: 1 },
  { from: 'orders', to: 'orders-db', perRequest: 1 },
  { from: 'user', to: 'user-db', perRequest: 1 },
];

/** The calls a service makes, limited to services that exist in its namespace. */
export function callsFrom(
  service: string,
  exists: (name: string) => boolean,
): Call[] {
  return sockShopCalls.filter(c => c.from === service && exists(c.to));
}

const pagesToServices: [RegExp, string][] = [
  [/^\/catalogue/, 'catalogue'],
  [/^\/(cart|basket)/, 'carts'],
  [/^\/orders/, 'orders'],
  [/^\/(login|register|customers|cards|addresses)/, 'user'],
];

/** The backend front-end calls to serve a browser path (static pages: none). */
export function serviceForPath(path: string): string | undefined {
  return pagesToServices.find(([pattern]) => pattern.test(path))?.[1];
}
