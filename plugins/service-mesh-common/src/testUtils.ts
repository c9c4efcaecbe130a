/**
 * Test utilities of the Service Mesh plugins: recorded Prometheus answers of
 * the traffic graph's query for SockShop after the guide, and what the
 * cluster says of its namespace.
 *
 * @packageDocumentation
 */
import canary from './__fixtures__/prometheus/canary.5m.json';
import circuitBreakerOpened from './__fixtures__/prometheus/circuitBreakerOpened.1m.json';
import failingDestination from './__fixtures__/prometheus/failingDestination.1m.json';
import { IstioSample } from './istioRequests';
import { TrafficGraphContext } from './trafficGraphModel';

/** A Prometheus instant-query answer. */
export interface PrometheusAnswer {
  status: string;
  data: {
    resultType: string;
    result: { metric: Record<string, string>; value: unknown[] }[];
  };
}

/**
 * Answers of Debian's Prometheus to the traffic graph's query for
 * user1-sockshop (see `__fixtures__/prometheus/README.md`): the 80/20 canary,
 * catalogue failing, and carts' circuit breaker opening.
 */
export const recordedPrometheusAnswers: Record<
  'canary' | 'failingDestination' | 'circuitBreakerOpened',
  PrometheusAnswer
> = { canary, failingDestination, circuitBreakerOpened };

/** The samples of a recorded Prometheus answer (see prometheus/README.md). */
export function samplesOf(answer: PrometheusAnswer): IstioSample[] {
  return answer.data.result.map(r => ({
    metric: r.metric,
    value: Number(r.value[1]),
  }));
}

const services = [
  'carts',
  'carts-db',
  'catalogue',
  'catalogue-db',
  'orders',
  'orders-db',
  'payment',
  'queue-master',
  'rabbitmq',
  'shipping',
  'user',
  'user-db',
];

/** What the cluster's objects say about user1-sockshop after the guide. */
export const sockShopContext: TrafficGraphContext = {
  namespace: 'user1-sockshop',
  serviceWorkloads: {
    'front-end': ['front-end', 'front-end-v2'],
    ...Object.fromEntries(services.map(s => [s, [s]])),
  },
  outlierDetection: ['carts'],
  gatewayNamespaces: ['user1-istio-system'],
};
