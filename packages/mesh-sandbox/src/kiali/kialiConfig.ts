import { CLUSTER_ID } from '../traffic/podFacts';
import { KialiDialect } from './kialiMode';

/**
 * Kiali's default traffic tolerances as its /api/config hands them to its UI
 * (config.AddHealthDefault: 5xx, 4xx, gRPC 1-16 and no response), under the
 * match-everything rule.
 */
const defaultHealthConfig = {
  rate: [
    {
      namespace: '.*',
      kind: '.*',
      name: '.*',
      tolerance: [
        {
          code: '5XX',
          protocol: 'http',
          direction: '.*',
          degraded: 0,
          failure: 10,
        },
        {
          code: '4XX',
          protocol: 'http',
          direction: '.*',
          degraded: 10,
          failure: 20,
        },
        {
          code: '^[1-9]$|^1[0-6]$',
          protocol: 'grpc',
          direction: '.*',
          degraded: 0,
          failure: 10,
        },
        {
          code: '^-$',
          protocol: 'http|grpc',
          direction: '.*',
          degraded: 0,
          failure: 10,
        },
      ],
    },
  ],
};

/** The part of Kiali's /api/config a client reads: its one cluster and its health tolerances. */
export function kialiConfig(_dialect: KialiDialect) {
  return {
    clusters: {
      [CLUSTER_ID]: {
        name: CLUSTER_ID,
        isKialiHome: true,
        accessible: true,
      },
    },
    healthConfig: defaultHealthConfig,
  };
}
