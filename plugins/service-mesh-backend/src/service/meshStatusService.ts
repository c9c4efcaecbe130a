import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  describeForbiddenReads,
  ForbiddenRead,
  MeshStatus,
  ObservedTraffic,
  SourceDetails,
  SourceStatus,
} from '@service-mesh/plugin-service-mesh-common';
import { ClusterMeshSettings, MeshSettings } from '../config/meshSettings';
import { KialiClient, NamespaceHealth } from '../kiali/kialiClient';
import {
  ClusterConnection,
  findCluster,
} from '@service-mesh/plugin-service-mesh-node';
import {
  describeKubeError,
  kubeConfigFor,
} from '@service-mesh/plugin-service-mesh-node';
import { MeshReader } from '../kubernetes/meshReader';
import { observedTraffic } from '../prometheus/observedTraffic';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { EntityScope, assembleStatus } from '../status/assembleStatus';
import { ControlPlaneObjects, NamespaceObjects } from '../status/kubeObjects';
import { meshLinks } from '../links/meshLinks';
import { entityScope } from './entityScope';
import { readOptionalSource, SourceRead } from './optionalSource';
import { StatusCache } from './statusCache';

const emptyNamespace = (): NamespaceObjects => ({
  deployments: [],
  pods: [],
  services: [],
  virtualServices: [],
  destinationRules: [],
  gateways: [],
});

/** Rejects when `work` takes longer than `ms`, naming what was awaited. */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function reasonOf(error: unknown): string {
  const { code, message } = describeKubeError(error);
  return code ? `HTTP ${code}: ${message}` : message;
}

/** What Kubernetes answered about a namespace and its control plane. */
export interface KubernetesRead {
  objects: NamespaceObjects;
  controlPlane?: ControlPlaneObjects;
  status: SourceStatus;
}

interface TelemetryRead {
  prometheus: SourceRead<Record<string, ObservedTraffic>>;
  kiali: SourceRead<NamespaceHealth>;
}

const namespaceKey = (scope: EntityScope) =>
  `${scope.cluster}/${scope.namespace}/`;

/** Clients of one cluster, made once and reused (the Kiali session lives here). */
interface ClusterClients {
  reader: MeshReader;
  kiali?: KialiClient;
  prometheus?: PrometheusClient;
  mesh?: ClusterMeshSettings;
}

/**
 * The mesh status of catalog entities: the entity is read from the catalog on
 * behalf of the caller, then Kubernetes, Prometheus and Kiali are asked in
 * parallel; a failing source is reported in `sources` while the rest shows.
 */
export class MeshStatusService {
  private readonly kubernetesReads: StatusCache<KubernetesRead>;
  private readonly telemetryReads: StatusCache<TelemetryRead>;
  private readonly clients = new Map<string, ClusterClients>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      clusters: ClusterConnection[];
      settings: MeshSettings;
      logger: LoggerService;
    },
  ) {
    this.kubernetesReads = new StatusCache(deps.settings.cacheTtlMs);
    this.telemetryReads = new StatusCache(deps.settings.cacheTtlMs);
  }

  /** Where an entity's mesh lives; throws NotFound / Input errors a user can act on. */
  async scopeOf(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityScope> {
    const entity = await this.deps.catalog.getEntityByRef(ref, { credentials });
    if (!entity)
      throw new NotFoundError(`no catalog entity ${stringifyEntityRef(ref)}`);
    return entityScope(
      entity,
      this.deps.clusters.map(c => c.name),
    );
  }

  async getStatus(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<MeshStatus> {
    return this.statusInScope(await this.scopeOf(ref, credentials));
  }

  /**
   * The status of an entity whose scope the caller has already read from the
   * catalog. What the sources answer is cached per namespace, so every
   * entity of a namespace shares one round of upstream calls.
   */
  async statusInScope(scope: EntityScope): Promise<MeshStatus> {
    const clients = this.clientsFor(scope.cluster);
    const [kubernetes, telemetry] = await Promise.all([
      this.kubernetesOf(scope),
      this.telemetryReads.get(namespaceKey(scope), () =>
        this.readTelemetry(clients, scope.namespace),
      ),
    ]);
    return assembleStatus({
      scope,
      objects: kubernetes.objects,
      controlPlane: kubernetes.controlPlane,
      observed: telemetry.prometheus.value,
      health: telemetry.kiali.value,
      links: meshLinks({
        mesh: clients.mesh,
        routes: kubernetes.controlPlane?.routes,
        namespace: scope.namespace,
      }),
      sources: {
        kubernetes: kubernetes.status,
        prometheus: telemetry.prometheus.status,
        kiali: telemetry.kiali.status,
      },
      driftThresholdPercent: this.deps.settings.driftThresholdPercent,
    });
  }

  /** The Kubernetes objects of an entity's namespace and its control plane (cached per namespace). */
  kubernetesOf(scope: EntityScope): Promise<KubernetesRead> {
    return this.kubernetesReads.get(namespaceKey(scope), () =>
      this.readKubernetes(
        this.clientsFor(scope.cluster).reader,
        scope.namespace,
      ),
    );
  }

  /** Forgets what was read of a namespace, e.g. after its weights changed. */
  invalidate(cluster: string, namespace: string) {
    this.kubernetesReads.invalidate(`${cluster}/${namespace}/`);
    this.telemetryReads.invalidate(`${cluster}/${namespace}/`);
  }

  clientsFor(clusterName: string): ClusterClients {
    let clients = this.clients.get(clusterName);
    if (!clients) {
      const cluster = findCluster(this.deps.clusters, clusterName);
      const mesh = this.deps.settings.clusters.get(clusterName);
      clients = {
        reader: new MeshReader(kubeConfigFor(cluster)),
        ...(mesh?.kiali ? { kiali: new KialiClient(mesh.kiali) } : {}),
        ...(mesh?.prometheus
          ? { prometheus: new PrometheusClient(mesh.prometheus) }
          : {}),
        mesh,
      };
      this.clients.set(clusterName, clients);
    }
    return clients;
  }

  private async readTelemetry(
    clients: ClusterClients,
    namespace: string,
  ): Promise<TelemetryRead> {
    const { logger } = this.deps;
    const [prometheus, kiali] = await Promise.all([
      readOptionalSource(
        { name: 'prometheus', what: 'mesh status', logger },
        clients.prometheus,
        client => observedTraffic(client, namespace),
      ),
      readOptionalSource(
        { name: 'kiali', what: 'mesh status', logger },
        clients.kiali,
        client => client.namespaceHealth(namespace),
      ),
    ]);
    return { prometheus, kiali };
  }

  private async readKubernetes(
    reader: MeshReader,
    namespace: string,
  ): Promise<KubernetesRead> {
    const ms = this.deps.settings.requestTimeoutMs;
    const forbidden: ForbiddenRead[] = [];
    try {
      const objects = await withTimeout(
        reader.readNamespace(namespace, forbidden),
        ms,
        'the Kubernetes API',
      );
      const controlPlane: ControlPlaneObjects | undefined = await withTimeout(
        reader.readControlPlane(namespace, objects.namespace, forbidden),
        ms,
        'the Kubernetes API',
      );
      return {
        objects,
        controlPlane,
        status: kubernetesSourceStatus(forbidden),
      };
    } catch (error) {
      const reason = reasonOf(error);
      this.deps.logger.warn(
        `mesh status: kubernetes read of ${namespace} failed: ${reason}`,
      );
      return {
        objects: emptyNamespace(),
        controlPlane: undefined,
        status: { state: 'error', reason } as SourceStatus,
      };
    }
  }
}

/**
 * `ok`, or `degraded` naming every read the portal's credentials were
 * refused ("the portal's service account may not list pods in user1-sockshop").
 */
export function kubernetesSourceStatus(
  forbidden: ForbiddenRead[],
  details: SourceDetails = {},
): SourceStatus {
  if (forbidden.length === 0) return { state: 'ok', ...details };
  return {
    state: 'degraded',
    reason: describeForbiddenReads(forbidden),
    forbidden,
    ...details,
  };
}
