import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  buildTrafficGraph,
  DEFAULT_TRAFFIC_GRAPH_WINDOW,
  ObservedRequests,
  requestsFromIstioSamples,
  SourceStatus,
  TRAFFIC_GRAPH_WINDOWS,
  TrafficGraph,
  TrafficGraphWindow,
  trafficGraphWindowSeconds,
} from '@service-mesh/plugin-service-mesh-common';
import { trafficFromKialiGraph } from '../kiali/kialiGraph';
import { trafficGraphQuery } from '../prometheus/trafficGraphQuery';
import { EntityScope } from '../status/assembleStatus';
import { trafficGraphContext } from '../status/trafficGraphContext';
import { MeshStatusService } from './meshStatusService';
import { readOptionalSource } from './optionalSource';
import { StatusCache } from './statusCache';

/** The `window` query parameter: one of the graph's windows, 5m when absent. */
export function parseGraphWindow(value: unknown): TrafficGraphWindow {
  if (value === undefined) return DEFAULT_TRAFFIC_GRAPH_WINDOW;
  if (
    typeof value !== 'string' ||
    !(TRAFFIC_GRAPH_WINDOWS as readonly string[]).includes(value)
  ) {
    throw new InputError(
      `window must be one of ${TRAFFIC_GRAPH_WINDOWS.join(', ')}`,
    );
  }
  return value as TrafficGraphWindow;
}

/** The requests of a namespace over a window, and where they came from. */
interface Observation {
  source: TrafficGraph['source'];
  requests: ObservedRequests[];
  gateways: string[];
  sources: { kiali: SourceStatus; prometheus?: SourceStatus };
}

/**
 * Traffic graphs of catalog entities: the requests of the entity's namespace
 * from Kiali's graph API when the cluster's Kiali answers, else from one
 * Prometheus query; cached and shared per namespace and window like the
 * status, and laid out with what Kubernetes says of the namespace.
 */
export class TrafficGraphService {
  private readonly observations: StatusCache<Observation>;

  constructor(
    private readonly deps: {
      statusService: MeshStatusService;
      logger: LoggerService;
      cacheTtlMs: number;
    },
  ) {
    this.observations = new StatusCache(deps.cacheTtlMs);
  }

  async graphOf(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    window: TrafficGraphWindow,
  ): Promise<TrafficGraph> {
    const { statusService } = this.deps;
    const scope = await statusService.scopeOf(ref, credentials);
    const [kubernetes, observation] = await Promise.all([
      statusService.kubernetesOf(scope),
      this.observations.get(
        `${scope.cluster}/${scope.namespace}/${window}`,
        () => this.observe(scope, window),
      ),
    ]);
    const { membership, ...context } = trafficGraphContext(
      scope,
      kubernetes.objects,
      kubernetes.controlPlane,
    );
    const { nodes, edges } = buildTrafficGraph(observation.requests, {
      ...context,
      gatewayWorkloads: observation.gateways,
    });
    return {
      entity: scope.entity,
      cluster: scope.cluster,
      namespace: scope.namespace,
      window,
      generatedAt: new Date().toISOString(),
      source: observation.source,
      sources: { kubernetes: kubernetes.status, ...observation.sources },
      membership,
      nodes,
      edges,
    };
  }

  private async observe(
    scope: EntityScope,
    window: TrafficGraphWindow,
  ): Promise<Observation> {
    const { logger, statusService } = this.deps;
    const clients = statusService.clientsFor(scope.cluster);
    const what = 'traffic graph';
    const kiali = await readOptionalSource(
      { name: 'kiali', what, logger },
      clients.kiali,
      async client =>
        trafficFromKialiGraph(
          await client.workloadGraph(
            scope.namespace,
            trafficGraphWindowSeconds(window),
          ),
        ),
    );
    if (kiali.value) {
      return {
        source: 'kiali',
        ...kiali.value,
        sources: { kiali: kiali.status },
      };
    }
    const prometheus = await readOptionalSource(
      { name: 'prometheus', what, logger },
      clients.prometheus,
      async client =>
        requestsFromIstioSamples(
          await client.query(trafficGraphQuery(scope.namespace, window), {
            namespace: scope.namespace,
          }),
        ),
    );
    return {
      source: prometheus.value ? 'prometheus' : 'none',
      requests: prometheus.value ?? [],
      gateways: [],
      sources: { kiali: kiali.status, prometheus: prometheus.status },
    };
  }
}
