import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  MeshStatus,
  RequestRateHistory,
  RolloutManualAction,
  RolloutPlan,
  TrafficGraph,
  TrafficGraphWindow,
} from '@service-mesh/plugin-service-mesh-common';
import {
  MeshEntityRef,
  ServiceMeshApi,
  TrafficShiftRequest,
} from './ServiceMeshApi';

const PLUGIN_ID = 'service-mesh';

type Endpoint =
  | 'status'
  | 'traffic'
  | 'request-rates'
  | 'traffic-graph'
  | 'rollouts'
  | `rollouts/${string}/${RolloutManualAction}`;

const ROLLOUT_ACTION_VERBS: Record<RolloutManualAction, string> = {
  pause: 'Pausing',
  resume: 'Resuming',
  promote: 'Promoting',
  abort: 'Aborting',
};

/**
 * Talks to the service-mesh backend plugin; sends only the entity ref.
 *
 * @public
 */
export class ServiceMeshClient implements ServiceMeshApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getStatus(
    entity: MeshEntityRef,
    options: { signal?: AbortSignal; sinceVersion?: number } = {},
  ): Promise<MeshStatus> {
    const query =
      options.sinceVersion === undefined
        ? ''
        : `?${new URLSearchParams({
            sinceVersion: String(options.sinceVersion),
          })}`;
    return this.request<MeshStatus>(
      entity,
      'status',
      { signal: options.signal },
      `Loading the mesh status of ${refString(entity)}`,
      query,
    );
  }

  async getRequestRates(
    entity: MeshEntityRef,
    options: { minutes?: number; signal?: AbortSignal } = {},
  ): Promise<RequestRateHistory> {
    const query =
      options.minutes === undefined
        ? ''
        : `?${new URLSearchParams({ minutes: String(options.minutes) })}`;
    return this.request<RequestRateHistory>(
      entity,
      'request-rates',
      { signal: options.signal },
      `Loading the request rates of ${refString(entity)}`,
      query,
    );
  }

  async getTrafficGraph(
    entity: MeshEntityRef,
    options: { window?: TrafficGraphWindow; signal?: AbortSignal } = {},
  ): Promise<TrafficGraph> {
    const query =
      options.window === undefined
        ? ''
        : `?${new URLSearchParams({ window: options.window })}`;
    return this.request<TrafficGraph>(
      entity,
      'traffic-graph',
      { signal: options.signal },
      `Loading the traffic graph of ${refString(entity)}`,
      query,
    );
  }

  async shiftTraffic(
    entity: MeshEntityRef,
    request: TrafficShiftRequest,
  ): Promise<MeshStatus> {
    return this.request<MeshStatus>(
      entity,
      'traffic',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          service: request.service,
          weights: request.weights,
        }),
      },
      `Shifting the traffic of ${request.service} in ${refString(entity)}`,
    );
  }

  async startRollout(
    entity: MeshEntityRef,
    plan: RolloutPlan,
  ): Promise<MeshStatus> {
    return this.request<MeshStatus>(
      entity,
      'rollouts',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ plan }),
      },
      `Starting the rollout of ${plan.service} in ${refString(entity)}`,
    );
  }

  async controlRollout(
    entity: MeshEntityRef,
    service: string,
    action: RolloutManualAction,
  ): Promise<MeshStatus> {
    return this.request<MeshStatus>(
      entity,
      `rollouts/${encodeURIComponent(service)}/${action}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({}),
      },
      `${ROLLOUT_ACTION_VERBS[action]} the rollout of ${service} in ${refString(
        entity,
      )}`,
    );
  }

  private async request<T>(
    entity: MeshEntityRef,
    endpoint: Endpoint,
    init: RequestInit,
    action: string,
    query: string = '',
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const path = [
      entity.kind.toLocaleLowerCase('en-US'),
      entity.namespace,
      entity.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    let response: Response;
    try {
      response = await this.fetchApi.fetch(
        `${baseUrl}/entities/${path}/${endpoint}${query}`,
        init,
      );
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw new Error(`${action} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // Keep the ResponseError (ResponseErrorPanel shows its body) but say
      // what failed and why, in the backend's words.
      error.message = `${action} failed with ${error.statusCode} ${error.statusText}: ${error.cause.message}`;
      throw error;
    }
    return (await response.json()) as T;
  }
}

function refString(entity: MeshEntityRef): string {
  return `${entity.kind.toLocaleLowerCase('en-US')}:${entity.namespace}/${
    entity.name
  }`;
}
