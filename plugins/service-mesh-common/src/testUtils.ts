import { IstioSample } from '../istioRequests';
import { TrafficGraphContext } from '../trafficGraphModel';

/** The samples of a recorded Prometheus answer (see prometheus/README.md). */
export function samplesOf(answer: {
  data: { result: { metric: Record<string, string>; value: unknown[] }[] };
}): IstioSample[] {
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
