/**
 * Test utilities of the Service Mesh plugins: recorded Prometheus answers of
 * the traffic graph's query for SockShop after the guide, and what the
 * cluster says of its namespace.
 *
 * @packageDocumentation
 */
import fs from 'node:fs';
import path from 'node:path';
import canary from './__fixtures__/prometheus/canary.5m.json';
import circuitBreakerOpened from './__fixtures__/prometheus/circuitBreakerOpened.1m.json';
import failingDestination from './__fixtures__/prometheus/failingDestination.1m.json';
import { IstioSample } from './istioRequests';
import { TrafficGraphContext } from './trafficGraphModel';

export type { IstioSample, TrafficGraphContext };

/**
 * A Prometheus instant-query answer.
 *
 * @public
 */
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
 *
 * @public
 */
export const recordedPrometheusAnswers: Record<
  'canary' | 'failingDestination' | 'circuitBreakerOpened',
  PrometheusAnswer
> = { canary, failingDestination, circuitBreakerOpened };

/**
 * The samples of a recorded Prometheus answer (see prometheus/README.md).
 *
 * @public
 */
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

/**
 * What the cluster's objects say about user1-sockshop after the guide.
 *
 * @public
 */
export const sockShopContext: TrafficGraphContext = {
  namespace: 'user1-sockshop',
  serviceWorkloads: {
    'front-end': ['front-end', 'front-end-v2'],
    ...Object.fromEntries(services.map(s => [s, [s]])),
  },
  outlierDetection: ['carts'],
  gatewayNamespaces: ['user1-istio-system'],
};

/**
 * The folder of data shared beside the repository (`shared/`: recorded Kiali
 * responses, upstream CRDs), which is never copied into it: SERVICE_MESH_SHARED
 * when set, else the first `shared/` beside this package or a parent folder
 * (worktrees, clones), else the project's machines' /work/shared.
 *
 * @public
 */
export function sharedDir(): string {
  const looksShared = (dir: string) =>
    fs.existsSync(path.join(dir, 'fixtures', 'kiali', 'SOURCES.md'));
  const fromEnv = process.env.SERVICE_MESH_SHARED;
  if (fromEnv && looksShared(fromEnv)) return fromEnv;
  // eslint-disable-next-line no-restricted-syntax
  for (
    let dir = __dirname;
    path.dirname(dir) !== dir;
    dir = path.dirname(dir)
  ) {
    const candidate = path.join(dir, 'shared');
    if (looksShared(candidate)) return candidate;
  }
  if (looksShared('/work/shared')) return '/work/shared';
  throw new Error(
    'no shared/fixtures/kiali beside the repository: set SERVICE_MESH_SHARED to the shared folder (recorded Kiali responses and upstream CRDs)',
  );
}

/**
 * The folder of responses recorded from real Kiali servers (see its SOURCES.md).
 *
 * @public
 */
export function kialiFixturesDir(): string {
  return path.join(sharedDir(), 'fixtures', 'kiali');
}

/**
 * One recorded Kiali response, parsed.
 *
 * @public
 */
export function kialiFixture(relative: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(kialiFixturesDir(), relative), 'utf8'),
  );
}
